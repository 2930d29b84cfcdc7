package org.healthportal.facilities.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shandong's 16 cities and 136 county-level units, as the generator places facilities in them.
 *
 * <p>Codes and names are read from the regions migration itself ({@value #REGIONS_MIGRATION}, on the
 * classpath), so they are the {@code region} table's by construction. What the table does not hold
 * comes from this package's resources: {@code cities.tsv} (telephone area code, local number length,
 * 2020 census population) and {@code districts.tsv} (the approximate position of each seat, and
 * whether it is a city-centre district of subdistricts only). A district of the migration missing
 * from the resource, or the other way round, stops the class loading.
 */
final class Geography {

  static final String REGIONS_MIGRATION = "/db/migration/V2__regions_shandong.sql";

  /** One row of the migration's {@code INSERT INTO region (code, parent_code, level, name_zh, name_en)}. */
  private static final Pattern REGION_ROW = Pattern.compile(
      "\\('(\\d{6})', (?:NULL|'\\d{6}'), '(\\w+)', '((?:[^']|'')*)', '((?:[^']|'')*)'\\)");

  /** A prefecture-level city: phone area code, local number length, 2020 census population (millions). */
  static final class City {
    final String code;
    final String zh;
    final String en;
    final String areaCode;
    final int localDigits;
    final double population;
    final List<District> districts = new ArrayList<>();

    City(String code, String zh, String en, String areaCode, int localDigits, double population) {
      this.code = code;
      this.zh = zh;
      this.en = en;
      this.areaCode = areaCode;
      this.localDigits = localDigits;
      this.population = population;
    }
  }

  /** A county-level unit with the approximate position of its seat. */
  static final class District {
    final String code;
    final String zh;
    final String en;
    final String shortEn;
    final double lat;
    final double lng;
    final boolean urban;
    final City city;

    District(String code, String zh, String en, double lat, double lng, boolean urban, City city) {
      this.code = code;
      this.zh = zh;
      this.en = en;
      this.shortEn = shortEnglish(zh, en);
      this.lat = lat;
      this.lng = lng;
      this.urban = urban;
      this.city = city;
    }

    /** "Lixia District" -> "Lixia"; one-character counties keep the county: "莒县" -> "Juxian". */
    private static String shortEnglish(String zh, String en) {
      String base = en.replaceFirst(" (District|County|City)$", "");
      return zh.length() == 2 && zh.endsWith("县") ? base + "xian" : base;
    }
  }

  /** In code order. */
  static final List<City> CITIES;
  static final double[] CITY_WEIGHTS;
  /** By code, in code order. */
  static final Map<String, District> DISTRICTS;

  static {
    Map<String, String[]> names = new HashMap<>(); // code -> {level, zh, en}
    Matcher m = REGION_ROW.matcher(read(REGIONS_MIGRATION));
    while (m.find()) {
      names.put(m.group(1), new String[] {m.group(2), unquote(m.group(3)), unquote(m.group(4))});
    }
    List<City> cities = new ArrayList<>();
    Map<String, City> byCode = new HashMap<>();
    rows("cities.tsv", f -> {
      String[] n = named(names, f[0], "city");
      City city = new City(f[0], n[1], n[2], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]));
      cities.add(city);
      byCode.put(city.code, city);
    });
    Map<String, District> districts = new LinkedHashMap<>();
    rows("districts.tsv", f -> {
      String[] n = named(names, f[0], "district");
      City city = byCode.get(f[0].substring(0, 4) + "00");
      if (city == null) throw new IllegalStateException("No city for district " + f[0]);
      District district = new District(f[0], n[1], n[2], Double.parseDouble(f[1]), Double.parseDouble(f[2]), f[3].equals("core"), city);
      city.districts.add(district);
      districts.put(district.code, district);
    });
    names.forEach((code, n) -> {
      if (n[0].equals("district") && !districts.containsKey(code) || n[0].equals("city") && !byCode.containsKey(code)) {
        throw new IllegalStateException(code + " of " + REGIONS_MIGRATION + " is missing from the generator's geography");
      }
    });
    CITIES = List.copyOf(cities);
    CITY_WEIGHTS = CITIES.stream().mapToDouble(c -> c.population).toArray();
    DISTRICTS = Collections.unmodifiableMap(districts);
  }

  private Geography() {}

  private static String[] named(Map<String, String[]> names, String code, String level) {
    String[] n = names.get(code);
    if (n == null || !n[0].equals(level)) {
      throw new IllegalStateException(code + " is not a " + level + " of " + REGIONS_MIGRATION);
    }
    return n;
  }

  private static String unquote(String sql) {
    return sql.replace("''", "'");
  }

  /** The tab-separated rows of a resource of this package, without comments. */
  private static void rows(String resource, Consumer<String[]> row) {
    for (String line : read(resource).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) row.accept(line.split("\t"));
    }
  }

  private static String read(String resource) {
    try (InputStream in = Geography.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("Missing resource " + resource);
      StringBuilder s = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines().forEach(l -> s.append(l).append('\n'));
      }
      return s.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
