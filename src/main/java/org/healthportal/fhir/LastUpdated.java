package org.healthportal.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healthportal.platform.http.Problem;

/**
 * {@code _lastUpdated}: FHIR date comparisons on a listing's change time. A value stands for the
 * interval its precision implies ({@code 2026-11} is the whole month, in UTC when no zone is
 * given); repeated values must all hold (a range). Listings without a change time (teams) match none.
 */
record LastUpdated(List<Condition> conditions) {

  private static final Pattern VALUE = Pattern.compile("^(eq|ne|gt|lt|ge|le)?([0-9]{4}(-[0-9]{2}(-[0-9]{2}(T.+)?)?)?)$");

  /** One comparison: the value's interval is [start, end). */
  record Condition(String prefix, Instant start, Instant end) {
    boolean test(Instant t) {
      return switch (prefix) {
        case "eq" -> !t.isBefore(start) && t.isBefore(end);
        case "ne" -> t.isBefore(start) || !t.isBefore(end);
        case "gt" -> !t.isBefore(end);
        case "ge" -> !t.isBefore(start);
        case "lt" -> t.isBefore(start);
        default -> t.isBefore(end); // le
      };
    }
  }

  /** @return null when no value is given */
  static LastUpdated parse(List<String> values) {
    if (values.isEmpty()) return null;
    List<Condition> conditions = new ArrayList<>();
    for (String value : values) {
      Matcher m = VALUE.matcher(value);
      if (!m.matches()) {
        throw Problem.invalidField("query", "_lastUpdated",
            "_lastUpdated: " + value + " is not [eq|ne|gt|ge|lt|le]YYYY[-MM[-DD[Thh:mm:ss(.fff)(Z|+hh:mm)]]]");
      }
      conditions.add(interval(m.group(1) == null ? "eq" : m.group(1), m.group(2)));
    }
    return new LastUpdated(conditions);
  }

  private static Condition interval(String prefix, String date) {
    try {
      return switch (date.length()) {
        case 4 -> {
          LocalDate start = LocalDate.of(Integer.parseInt(date), 1, 1);
          yield new Condition(prefix, utc(start), utc(start.plusYears(1)));
        }
        case 7 -> {
          YearMonth month = YearMonth.parse(date);
          yield new Condition(prefix, utc(month.atDay(1)), utc(month.plusMonths(1).atDay(1)));
        }
        case 10 -> {
          LocalDate day = LocalDate.parse(date);
          yield new Condition(prefix, utc(day), utc(day.plusDays(1)));
        }
        default -> {
          // A time must carry its zone (FHIR); without a fraction it stands for its whole second.
          Instant t = OffsetDateTime.parse(date).toInstant();
          yield new Condition(prefix, t, date.contains(".") ? t.plusNanos(1) : t.plusSeconds(1));
        }
      };
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw Problem.invalidField("query", "_lastUpdated", "_lastUpdated: " + date + " is not a real date or dateTime with a time zone");
    }
  }

  private static Instant utc(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** Whether a resource changed at {@code lastUpdated} (a FHIR instant, or null) matches. */
  boolean test(String lastUpdated) {
    if (lastUpdated == null) return false;
    Instant t = Instant.parse(lastUpdated);
    return conditions.stream().allMatch(c -> c.test(t));
  }
}
