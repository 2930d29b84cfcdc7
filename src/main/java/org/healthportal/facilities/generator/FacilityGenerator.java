package org.healthportal.facilities.generator;

import static org.healthportal.facilities.generator.FacilityProfiles.CARE_PROFILES;
import static org.healthportal.facilities.generator.FacilityProfiles.CARE_WEIGHTS;
import static org.healthportal.facilities.generator.FacilityProfiles.IF_DEMENTIA;
import static org.healthportal.facilities.generator.FacilityProfiles.MEDICAL_PROFILES;
import static org.healthportal.facilities.generator.FacilityProfiles.MEDICAL_WEIGHTS;
import static org.healthportal.facilities.generator.FacilityProfiles.PROFILES;
import static org.healthportal.facilities.generator.FacilityProfiles.SERVICES;
import static org.healthportal.facilities.generator.Geography.CITIES;
import static org.healthportal.facilities.generator.Geography.CITY_WEIGHTS;
import static org.healthportal.facilities.generator.Geography.DISTRICTS;
import static org.healthportal.facilities.generator.NameParts.DIRECTIONS;
import static org.healthportal.facilities.generator.NameParts.STREETS;
import static org.healthportal.facilities.generator.NameParts.STREET_TYPES;
import static org.healthportal.facilities.generator.NameParts.STREET_TYPE_WEIGHTS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.healthportal.facilities.generator.FacilityProfiles.Profile;
import org.healthportal.facilities.generator.Geography.City;
import org.healthportal.facilities.generator.Geography.District;

/**
 * Deterministic generator of plausible elderly-care and clinic facilities in Shandong, for the demo data
 * set (migration {@code V4__demo_facilities}) and for benchmarks.
 *
 * <p>Everything derives from the seed: the same seed and count give the same facilities in the same order
 * on any JVM (no clock, no hash iteration order, {@link StrictMath} for coordinates). Each call starts
 * afresh, so one instance can be reused.
 *
 * <p>The shape of a generated set:
 * <ul>
 *   <li><b>Where:</b> cities get facilities in proportion to their population (2020 census); a Weyl
 *       sequence rather than independent draws hands out the cities, so even a few hundred facilities
 *       reach every city. The district is drawn uniformly within the city; the point lies a few km
 *       around the district's centre.
 *   <li><b>Kinds:</b> elderly-care kinds number about what a province really lists
 *       ({@value #PROVINCE_CARE_FACILITIES}), but at most three quarters of the set. A demo set of a few
 *       hundred is therefore mostly care homes, while 80,000 facilities are dominated by primary care,
 *       like Shandong's ~79,000 medical institutions.
 *   <li><b>Names</b> are built from the district, a place or brand word and the kind's suffix, and are
 *       unique (Chinese and English) within a set.
 * </ul>
 *
 * <p>Beside it: {@link Geography} (cities and districts, names from the regions migration),
 * {@link FacilityProfiles} (what each kind looks like), {@link NameParts} (the words of names and
 * addresses) and {@link FacilityLoader} (into PostgreSQL).
 */
public final class FacilityGenerator {

  /** Seed of the demo data set (migration V4). */
  public static final long DEMO_SEED = 20180625L;
  /** Size of the demo data set. */
  public static final int DEMO_COUNT = 480;
  /** When the demo set's beds were "reported": fixed, so the migration loads the same data every time. */
  public static final Instant DEMO_BEDS_REPORTED_AT = Instant.parse("2026-11-01T08:00:00Z");

  /** Demo elderly-care home in Lixia, Jinan: all four care levels, free beds on each. */
  public static final UUID DEMO_CARE_HOME_ID = UUID.fromString("d0000000-0000-4000-8000-000000000001");
  /** Demo community health service centre in Lixia, Jinan: no care rows. */
  public static final UUID DEMO_HEALTH_CENTRE_ID = UUID.fromString("d0000000-0000-4000-8000-000000000002");
  /** Demo combined medical and elderly-care institution in Shinan, Qingdao. */
  public static final UUID DEMO_COMBINED_CARE_ID = UUID.fromString("d0000000-0000-4000-8000-000000000003");

  /** Elderly-care institutions a province really lists; the rest of a large set is primary care. */
  private static final int PROVINCE_CARE_FACILITIES = 3200;
  /** A small set still shows some clinics and hospitals. */
  private static final double MAX_CARE_SHARE = 0.75;

  /** One generated facility, shaped like a {@code facility} row plus its {@code facility_care} rows. */
  public record GeneratedFacility(UUID id, String kind, String nameZh, String nameEn, String addressZh,
      String addressEn, String regionCode, double lat, double lng, String phone, String openingHours,
      String ownership, Integer rating, List<String> services, boolean onSiteClinic, boolean doctorVisits,
      boolean emergency, String partnerHospital, boolean greenChannel, boolean medicalInsurance,
      boolean ltcInsurance, List<Care> care) {

    /** Free beds over all care levels (the denormalised {@code facility.free_beds}). */
    public int freeBeds() {
      return care.stream().mapToInt(Care::bedsFree).sum();
    }

    /** Lowest published monthly price over all care levels, or null (the denormalised column). */
    public Integer minMonthlyPrice() {
      return care.stream().map(Care::priceMin).filter(p -> p != null).min(Integer::compare).orElse(null);
    }
  }

  /** One care level a facility accepts: its beds and monthly price range in CNY (prices may be unpublished). */
  public record Care(String careLevel, int bedsTotal, int bedsFree, int bedsNursing, Integer priceMin,
      Integer priceMax) {}

  private final long seed;
  private final List<Pin> pins;

  /** A generator of facilities derived from {@code seed}. */
  public FacilityGenerator(long seed) {
    this(seed, List.of());
  }

  private FacilityGenerator(long seed, List<Pin> pins) {
    this.seed = seed;
    this.pins = pins;
  }

  /**
   * The demo data set: {@value #DEMO_COUNT} facilities from {@link #DEMO_SEED}, of which the first three are
   * the fixed facilities the demo users and tests rely on ({@link #DEMO_CARE_HOME_ID},
   * {@link #DEMO_HEALTH_CENTRE_ID}, {@link #DEMO_COMBINED_CARE_ID}).
   */
  public static List<GeneratedFacility> demoSet() {
    return new FacilityGenerator(DEMO_SEED, DEMO_PINS).generate(DEMO_COUNT);
  }

  /** {@code count} facilities, in memory. */
  public List<GeneratedFacility> generate(int count) {
    return stream(count).toList();
  }

  /** {@code count} facilities, handed to {@code sink} one by one, so large sets need not sit in memory. */
  public void generate(int count, Consumer<GeneratedFacility> sink) {
    new Run(count).forEachRemaining(sink);
  }

  /** {@code count} facilities as a lazy, sequential stream. */
  public Stream<GeneratedFacility> stream(int count) {
    Spliterator<GeneratedFacility> split = Spliterators.spliterator(new Run(count), count,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
    return StreamSupport.stream(split, false);
  }


  /** The state of one run: its random stream, where it is, and the names already taken. */
  private final class Run implements Iterator<GeneratedFacility> {

    private final int count;
    private final SplittableRandom master = new SplittableRandom(seed);
    private final double cityOffset = master.nextDouble();
    private final double careShare;
    private final Set<String> namesZh = new HashSet<>();
    private final Set<String> namesEn = new HashSet<>();
    private int index;

    Run(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative: " + count);
      }
      this.count = count;
      this.careShare = count == 0 ? 0 : Math.min(MAX_CARE_SHARE, PROVINCE_CARE_FACILITIES / (double) count);
    }

    @Override
    public boolean hasNext() {
      return index < count;
    }

    @Override
    public GeneratedFacility next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      // Each facility draws from its own split stream, so what one facility draws (or a pin overrides)
      // never shifts the facilities after it.
      SplittableRandom r = master.split();
      Pin pin = index < pins.size() ? pins.get(index) : null;
      GeneratedFacility f = pin == null ? facility(r, pickDistrict(r), null) : facility(r, pin.district(), pin);
      index++;
      return f;
    }

    /** City by a Weyl sequence over the population shares (even coverage), district uniformly within it. */
    private District pickDistrict(SplittableRandom r) {
      double u = (cityOffset + index * WEYL_STEP) % 1.0;
      City city = CITIES.get(pick(CITY_WEIGHTS, u));
      return city.districts.get(r.nextInt(city.districts.size()));
    }

    private Profile pickKind(District d, SplittableRandom r) {
      boolean care = r.nextDouble() < careShare;
      List<Profile> pool = care ? CARE_PROFILES : MEDICAL_PROFILES;
      Profile p = pool.get(pick(care ? CARE_WEIGHTS : MEDICAL_WEIGHTS, r.nextDouble()));
      // City-centre districts have subdistricts, not towns: no township hospitals or rural welfare homes.
      if (d.urban && p.kind.equals("township_hospital")) {
        return PROFILES.get("community_health_centre");
      }
      if (d.urban && p.kind.equals("rural_welfare_home")) {
        return PROFILES.get("elderly_care_home");
      }
      return p;
    }

    private GeneratedFacility facility(SplittableRandom r, District d, Pin pin) {
      UUID id = pin != null ? pin.id : randomUuid(r);
      Profile p = pin != null ? PROFILES.get(pin.kind) : pickKind(d, r);
      String[] name = uniqueName(p, d, r);
      String[] address = address(d, r);
      double[] point = pin != null ? new double[] {pin.lat, pin.lng} : point(d, r);

      List<Care> care = p.care ? careRows(p, r, pin != null && pin.showcaseCare) : List.of();
      boolean emergency = chance(r, p.emergency);
      String partner = chance(r, p.partner) ? partnerHospital(d, r) : null;
      Integer rating = rating(r);
      boolean medicalInsurance = chance(r, p.medicalInsurance);
      boolean ltcInsurance = chance(r, p.ltcInsurance);
      if (pin != null) {
        rating = pin.rating != null ? pin.rating : rating;
        emergency = pin.emergency != null ? pin.emergency : emergency;
        medicalInsurance = pin.medicalInsurance != null ? pin.medicalInsurance : medicalInsurance;
        ltcInsurance = pin.ltcInsurance != null ? pin.ltcInsurance : ltcInsurance;
      }
      return new GeneratedFacility(id, p.kind, name[0], name[1], address[0], address[1], d.code,
          point[0], point[1], phone(d.city, r), hours(p, emergency, r), ownership(p, r), rating,
          services(p, care, r), chance(r, p.clinic), chance(r, p.visits), emergency, partner,
          partner != null && chance(r, 0.7), medicalInsurance, ltcInsurance, care);
    }

    /** A name not yet taken in this run, in Chinese and English; a number only as the last resort. */
    private String[] uniqueName(Profile p, District d, SplittableRandom r) {
      String[] name = null;
      for (int attempt = 0; attempt < 30; attempt++) {
        name = p.name(d, r);
        if (!namesZh.contains(name[0]) && !namesEn.contains(name[1])) {
          break;
        }
      }
      String[] base = name;
      for (int n = 2; namesZh.contains(name[0]) || namesEn.contains(name[1]); n++) {
        name = new String[] {base[0] + "(" + n + ")", base[1] + " (" + n + ")"};
      }
      namesZh.add(name[0]);
      namesEn.add(name[1]);
      return name;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Attributes
  // ------------------------------------------------------------------------------------------------

  /** Step of the city sequence: the golden ratio's fractional part spreads any prefix evenly over [0, 1). */
  private static final double WEYL_STEP = 0.6180339887498949;

  private static final List<String> LEVELS = List.of("self_care", "partial_disability", "full_disability", "dementia");
  /** Monthly price band per level in CNY, {min, max}: care gets dearer with dependency. */
  private static final int[][] PRICE_BANDS = {{1500, 4000}, {2500, 5500}, {3500, 8000}, {4000, 9000}};
  /** Usual share of nursing-type beds per level, before the kind's bias. */
  private static final double[] NURSING_SHARE = {0.03, 0.35, 0.65, 0.5};
  private static final String[] OWNERSHIPS = {"public", "private", "public_built_private_run"};
  private static final double[] RATING_WEIGHTS = {0.05, 0.10, 0.33, 0.35, 0.17};

  /** Random bits as a version-4, IETF-variant UUID. */
  private static UUID randomUuid(SplittableRandom r) {
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /**
   * A point around the district centre: Rayleigh-distributed distance (a 2-D gaussian) with a few km of
   * spread, capped so no point wanders into the next county.
   */
  private static double[] point(District d, SplittableRandom r) {
    double sigmaKm = d.urban ? 2.0 : 5.0;
    double maxKm = d.urban ? 6.0 : 15.0;
    double km = Math.min(maxKm, sigmaKm * StrictMath.sqrt(-2 * StrictMath.log(1 - r.nextDouble())));
    double angle = 2 * StrictMath.PI * r.nextDouble();
    double lat = d.lat + km * StrictMath.cos(angle) / 110.574;
    double lng = d.lng + km * StrictMath.sin(angle) / (111.320 * StrictMath.cos(StrictMath.toRadians(d.lat)));
    return new double[] {round6(lat), round6(lng)};
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** {"济南市历下区文化东路123号", "123 Wenhua East Road, Lixia District, Jinan"}. */
  private static String[] address(District d, SplittableRandom r) {
    String[] base = STREETS[r.nextInt(STREETS.length)];
    String[] direction = r.nextDouble() < 0.6 ? new String[] {"", ""} : DIRECTIONS[r.nextInt(DIRECTIONS.length)];
    String[] type = STREET_TYPES[pick(STREET_TYPE_WEIGHTS, r.nextDouble())];
    int number = 1 + r.nextInt(r.nextDouble() < 0.7 ? 300 : 999);
    String zh = d.city.zh + d.zh + base[0] + direction[0] + type[0] + number + "号";
    String street = base[1] + (direction[1].isEmpty() ? "" : " " + direction[1]) + " " + type[1];
    String en = number + " " + street + ", " + d.en + ", " + d.city.en;
    return new String[] {zh, en};
  }

  /** Eight-digit local numbers in Jinan, Qingdao and Zibo, seven elsewhere. */
  private static String phone(City city, SplittableRandom r) {
    StringBuilder s = new StringBuilder(city.areaCode).append('-').append(2 + r.nextInt(7));
    for (int i = 1; i < city.localDigits; i++) {
      s.append(r.nextInt(10));
    }
    return s.toString();
  }

  /** OSM-style opening hours; anything with an emergency department is always open. */
  private static String hours(Profile p, boolean emergency, SplittableRandom r) {
    return emergency ? "24/7" : p.hours.get(r.nextInt(p.hours.size()));
  }

  private static String ownership(Profile p, SplittableRandom r) {
    return OWNERSHIPS[pick(p.ownership, r.nextDouble())];
  }

  /** About one in five facilities is not rated yet. */
  private static Integer rating(SplittableRandom r) {
    return r.nextDouble() < 0.2 ? null : 1 + pick(RATING_WEIGHTS, r.nextDouble());
  }

  /** A hospital every county or city really has, as a care home's medical partner. */
  private static String partnerHospital(District d, SplittableRandom r) {
    String[] options = {d.zh + "人民医院", d.zh + "中医医院", d.city.zh + "中心医院", d.city.zh + "第二人民医院",
        d.city.zh + "市立医院"};
    return options[r.nextInt(options.length)];
  }

  private static List<String> services(Profile p, List<Care> care, SplittableRandom r) {
    boolean dementia = care.stream().anyMatch(c -> c.careLevel().equals("dementia"));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < SERVICES.size(); i++) {
      double chance = p.services[i] == IF_DEMENTIA ? (dementia ? 0.9 : 0) : p.services[i];
      if (chance(r, chance)) {
        out.add(SERVICES.get(i));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The care levels a care facility accepts (never none), with beds and prices. A showcase facility
   * accepts every level, with free beds and published prices on each.
   */
  private static List<Care> careRows(Profile p, SplittableRandom r, boolean showcase) {
    List<Integer> levels = new ArrayList<>();
    for (int i = 0; i < LEVELS.size(); i++) {
      if (showcase || chance(r, p.levels[i])) {
        levels.add(i);
      }
    }
    if (levels.isEmpty()) {
      levels.add(mostLikely(p.levels));
    }
    int[] beds = splitBeds(p.bedsMin + r.nextInt(p.bedsMax - p.bedsMin + 1), levels.size(), r);
    boolean noVacancy = !showcase && r.nextDouble() < 0.12;
    boolean pricesPublished = showcase || r.nextDouble() >= 0.1;
    double tier = p.tierLo + (p.tierHi - p.tierLo) * r.nextDouble();

    List<Care> out = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      int level = levels.get(i);
      int total = beds[i];
      int free = noVacancy || (!showcase && r.nextDouble() < 0.15) ? 0
          : Math.min(total, (int) Math.round(total * r.nextDouble() * 0.6));
      if (showcase) {
        free = Math.max(1, free);
      }
      double nursingShare = NURSING_SHARE[level] + p.nursingBias + (r.nextDouble() - 0.5) * 0.2;
      int nursing = (int) Math.round(total * Math.max(0, Math.min(1, nursingShare)));
      Integer[] price = pricesPublished ? price(level, tier, r) : new Integer[] {null, null};
      out.add(new Care(LEVELS.get(level), total, free, nursing, price[0], price[1]));
    }
    return List.copyOf(out);
  }

  /** {@code total} beds over {@code parts} levels, at least one each, in random proportions. */
  private static int[] splitBeds(int total, int parts, SplittableRandom r) {
    double[] weights = new double[parts];
    double sum = 0;
    for (int i = 0; i < parts; i++) {
      weights[i] = 0.5 + r.nextDouble();
      sum += weights[i];
    }
    int[] beds = new int[parts];
    int assigned = 0;
    for (int i = 0; i < parts - 1; i++) {
      beds[i] = 1 + (int) ((total - parts) * weights[i] / sum);
      assigned += beds[i];
    }
    beds[parts - 1] = total - assigned;
    return beds;
  }

  /**
   * {min, max} monthly price inside the level's band; {@code tier} (0 cheap .. 1 dear) keeps a facility
   * consistently cheap or dear across its levels. Some list only a "from" price.
   */
  private static Integer[] price(int level, double tier, SplittableRandom r) {
    int lo = PRICE_BANDS[level][0];
    int hi = PRICE_BANDS[level][1];
    int min = round100(lo + tier * (hi - lo) * 0.75);
    Integer max = r.nextDouble() < 0.05 ? null : round100(min + r.nextDouble() * (hi - min) * 0.6);
    return new Integer[] {min, max};
  }

  private static int round100(double v) {
    return (int) Math.round(v / 100) * 100;
  }

  private static int mostLikely(double[] chances) {
    int best = 0;
    for (int i = 1; i < chances.length; i++) {
      if (chances[i] > chances[best]) {
        best = i;
      }
    }
    return best;
  }

  private static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  /** Index of the weight that {@code u} in [0, 1) falls on, the weights taken as shares of their sum. */
  private static int pick(double[] weights, double u) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double x = u * sum;
    for (int i = 0; i < weights.length - 1; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  // ------------------------------------------------------------------------------------------------
  // The three fixed demo facilities
  // ------------------------------------------------------------------------------------------------

  /**
   * A generated facility held fixed: id, kind, district and point, plus traits (null = as generated).
   * {@code showcaseCare}: every care level, with free beds and published prices on each.
   */
  private record Pin(UUID id, String kind, String regionCode, double lat, double lng, boolean showcaseCare,
      Integer rating, Boolean emergency, Boolean medicalInsurance, Boolean ltcInsurance) {

    District district() {
      return DISTRICTS.get(regionCode);
    }
  }

  private static final List<Pin> DEMO_PINS = List.of(
      new Pin(DEMO_CARE_HOME_ID, "elderly_care_home", "370102", 36.665, 117.070, true, 4, false, true, true),
      new Pin(DEMO_HEALTH_CENTRE_ID, "community_health_centre", "370102", 36.658, 117.056, false, null, false,
          true, null),
      new Pin(DEMO_COMBINED_CARE_ID, "combined_medical_elderly_care", "370202", 36.070, 120.395, false, null,
          null, null, null));
}
