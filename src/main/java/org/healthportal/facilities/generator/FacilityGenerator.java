package org.healthportal.facilities.generator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
  private static final int BATCH_SIZE = 1000;

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

  // ------------------------------------------------------------------------------------------------
  // Loading into PostgreSQL
  // ------------------------------------------------------------------------------------------------

  private static final String FACILITY_SQL = """
      INSERT INTO facility (id, kind, name_zh, name_en, address_zh, address_en, region_code, lat, lng, phone,
        opening_hours, ownership, rating, services, on_site_clinic, doctor_visits, emergency, partner_hospital,
        green_channel, medical_insurance, ltc_insurance, status, version, demo, free_beds, min_monthly_price)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING""";
  private static final String CARE_SQL = """
      INSERT INTO facility_care (facility_id, care_level, beds_total, beds_free, beds_nursing, beds_reported_at,
        price_min, price_max)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING""";
  private static final String HISTORY_SQL = """
      INSERT INTO facility_history (facility_id, version, action, changed_by, changed_by_name, fields)
      VALUES (?, 1, 'create', 'seed', ?, '{}')
      ON CONFLICT DO NOTHING""";

  /** See {@link #insert(Connection, Iterable, boolean, Instant)}. */
  public static void insert(Connection c, Stream<GeneratedFacility> facilities, boolean demo,
      Instant bedsReportedAt) throws SQLException {
    insert(c, facilities::iterator, demo, bedsReportedAt);
  }

  /**
   * Inserts facilities with their care rows and a version-1 'create' history row each, in JDBC batches
   * of {@value #BATCH_SIZE} facilities, so memory stays flat however many are streamed in. Facilities
   * that already exist are skipped, so running it twice is harmless. Transactions are the caller's.
   *
   * @param demo marks the rows as demo data (and names the loader in the history)
   * @param bedsReportedAt when the beds were reported (fixed for the demo set, so it is reproducible)
   */
  public static void insert(Connection c, Iterable<GeneratedFacility> facilities, boolean demo,
      Instant bedsReportedAt) throws SQLException {
    OffsetDateTime reportedAt = bedsReportedAt.atOffset(ZoneOffset.UTC);
    String loader = demo ? "Demo data loader" : "Benchmark generator";
    try (PreparedStatement facility = c.prepareStatement(FACILITY_SQL);
         PreparedStatement care = c.prepareStatement(CARE_SQL);
         PreparedStatement history = c.prepareStatement(HISTORY_SQL)) {
      int pending = 0;
      for (GeneratedFacility f : facilities) {
        addFacility(c, facility, f, demo);
        for (Care k : f.care()) {
          addCare(care, f.id(), k, reportedAt);
        }
        history.setObject(1, f.id());
        history.setString(2, loader);
        history.addBatch();
        if (++pending == BATCH_SIZE) {
          flush(facility, care, history);
          pending = 0;
        }
      }
      if (pending > 0) {
        flush(facility, care, history);
      }
    }
  }

  private static void addFacility(Connection c, PreparedStatement s, GeneratedFacility f, boolean demo)
      throws SQLException {
    int i = 0;
    s.setObject(++i, f.id());
    s.setString(++i, f.kind());
    s.setString(++i, f.nameZh());
    s.setString(++i, f.nameEn());
    s.setString(++i, f.addressZh());
    s.setString(++i, f.addressEn());
    s.setString(++i, f.regionCode());
    s.setDouble(++i, f.lat());
    s.setDouble(++i, f.lng());
    s.setString(++i, f.phone());
    s.setString(++i, f.openingHours());
    s.setString(++i, f.ownership());
    setNullableInt(s, ++i, f.rating(), Types.SMALLINT);
    s.setArray(++i, c.createArrayOf("text", f.services().toArray(new String[0])));
    s.setBoolean(++i, f.onSiteClinic());
    s.setBoolean(++i, f.doctorVisits());
    s.setBoolean(++i, f.emergency());
    s.setString(++i, f.partnerHospital());
    s.setBoolean(++i, f.greenChannel());
    s.setBoolean(++i, f.medicalInsurance());
    s.setBoolean(++i, f.ltcInsurance());
    s.setBoolean(++i, demo);
    s.setInt(++i, f.freeBeds());
    setNullableInt(s, ++i, f.minMonthlyPrice(), Types.INTEGER);
    s.addBatch();
  }

  private static void addCare(PreparedStatement s, UUID facilityId, Care k, OffsetDateTime reportedAt)
      throws SQLException {
    s.setObject(1, facilityId);
    s.setString(2, k.careLevel());
    s.setInt(3, k.bedsTotal());
    s.setInt(4, k.bedsFree());
    s.setInt(5, k.bedsNursing());
    s.setObject(6, reportedAt);
    setNullableInt(s, 7, k.priceMin(), Types.INTEGER);
    setNullableInt(s, 8, k.priceMax(), Types.INTEGER);
    s.addBatch();
  }

  private static void setNullableInt(PreparedStatement s, int index, Integer value, int sqlType)
      throws SQLException {
    if (value == null) {
      s.setNull(index, sqlType);
    } else {
      s.setInt(index, value);
    }
  }

  /** Facilities first: the care and history rows reference them. */
  private static void flush(PreparedStatement facility, PreparedStatement care, PreparedStatement history)
      throws SQLException {
    facility.executeBatch();
    care.executeBatch();
    history.executeBatch();
  }

  // ------------------------------------------------------------------------------------------------
  // One generation run
  // ------------------------------------------------------------------------------------------------

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
  private static final List<String> SERVICES = List.of("meals", "bathing_assistance", "rehabilitation",
      "tcm_therapy", "dementia_care", "palliative_care", "day_care", "home_visits", "health_checkups",
      "chronic_disease_management", "vaccination", "family_doctor_services");
  /** Marks dementia_care as offered exactly where the dementia care level is accepted. */
  private static final double IF_DEMENTIA = -1;
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
  // Kinds
  // ------------------------------------------------------------------------------------------------

  /**
   * How one kind of facility looks: its names, the care it accepts, its services, medical and insurance
   * traits. Numbers are chances (0..1) unless said otherwise.
   */
  private static final class Profile {
    final String kind;
    final double weight;           // share within the care or the medical part of a set
    boolean care;                  // accepts care levels (has facility_care rows)
    List<String[]> names = List.of();
    double[] levels;               // self_care, partial_disability, full_disability, dementia
    int bedsMin;
    int bedsMax;
    double tierLo;                 // where its prices sit in each level's band, 0 cheap .. 1 dear
    double tierHi;
    double nursingBias;            // added to the usual nursing-bed share
    double[] services;             // per SERVICES entry
    double clinic;
    double visits;
    double emergency;
    double partner;
    double medicalInsurance;
    double ltcInsurance;
    double[] ownership;            // weights of public, private, public_built_private_run
    List<String> hours;

    Profile(String kind, double weight) {
      this.kind = kind;
      this.weight = weight;
    }

    /** Templates "zh|en": {d}/{D} district, {c}/{C} city, {p}/{P} place, {b}/{B} brand, {n}/{N} number. */
    Profile names(String... templates) {
      names = Stream.of(templates).map(t -> t.split("\\|")).toList();
      return this;
    }

    Profile care(double selfCare, double partial, double full, double dementia, int bedsMin, int bedsMax) {
      this.care = true;
      this.levels = new double[] {selfCare, partial, full, dementia};
      this.bedsMin = bedsMin;
      this.bedsMax = bedsMax;
      return this;
    }

    Profile prices(double tierLo, double tierHi, double nursingBias) {
      this.tierLo = tierLo;
      this.tierHi = tierHi;
      this.nursingBias = nursingBias;
      return this;
    }

    /** Chances in the order of {@link #SERVICES}. */
    Profile services(double... chances) {
      this.services = chances;
      return this;
    }

    Profile medical(double clinic, double visits, double emergency, double partner) {
      this.clinic = clinic;
      this.visits = visits;
      this.emergency = emergency;
      this.partner = partner;
      return this;
    }

    Profile insurance(double medical, double ltc) {
      this.medicalInsurance = medical;
      this.ltcInsurance = ltc;
      return this;
    }

    Profile ownership(double publicly, double privately, double publicBuiltPrivateRun) {
      this.ownership = new double[] {publicly, privately, publicBuiltPrivateRun};
      return this;
    }

    Profile hours(String... options) {
      this.hours = List.of(options);
      return this;
    }

    /** A candidate {zh, en} name in district {@code d}. */
    String[] name(District d, SplittableRandom r) {
      String[] t = names.get(r.nextInt(names.size()));
      String[] place = place(r);
      String[] brand = BRANDS[r.nextInt(BRANDS.length)];
      int n = 1 + r.nextInt(9);
      return new String[] {
          fill(t[0], d.zh, d.city.zh, place[0], brand[0], NUMERALS_ZH[n]),
          fill(t[1], d.shortEn, d.city.en, place[1], brand[1], Integer.toString(n))};
    }

    private static String fill(String t, String district, String city, String place, String brand, String n) {
      return t.replace("{d}", district).replace("{D}", district).replace("{c}", city).replace("{C}", city)
          .replace("{p}", place).replace("{P}", place).replace("{b}", brand).replace("{B}", brand)
          .replace("{n}", n).replace("{N}", n);
    }
  }

  // services(...) order: meals, bathing_assistance, rehabilitation, tcm_therapy, dementia_care,
  // palliative_care, day_care, home_visits, health_checkups, chronic_disease_management, vaccination,
  // family_doctor_services. Kinds without care(...) are medical: they get no facility_care rows.
  private static final double IFD = IF_DEMENTIA;
  private static final List<Profile> CARE_PROFILES = List.of(
      new Profile("elderly_care_home", 26)
          .names("{d}{b}养老院|{D} {B} Elderly Care Home", "{d}{b}老年公寓|{D} {B} Senior Apartments",
              "{d}{b}颐养院|{D} {B} Elderly Care Centre", "{d}{p}街道养老服务中心|{D} {P} Subdistrict Elderly Care Centre")
          .care(0.85, 0.75, 0.55, 0.25, 30, 300).prices(0, 1, 0)
          .services(0.95, 0.7, 0.5, 0.3, IFD, 0.1, 0.1, 0.2, 0.6, 0.4, 0, 0)
          .medical(0.5, 0.6, 0, 0.55).insurance(0.4, 0.35).ownership(0.25, 0.5, 0.25).hours("24/7"),
      new Profile("combined_medical_elderly_care", 14)
          .names("{d}{b}医养中心|{D} {B} Medical and Elderly Care Centre",
              "{d}{b}医养结合养老院|{D} {B} Combined Medical and Elderly Care Home",
              "{d}{b}康养中心|{D} {B} Health and Elderly Care Centre")
          .care(0.6, 0.85, 0.9, 0.45, 60, 300).prices(0.3, 1, 0.1)
          .services(0.95, 0.8, 0.8, 0.5, IFD, 0.3, 0.1, 0.3, 0.8, 0.8, 0, 0.2)
          .medical(1, 0.7, 0.05, 0.4).insurance(0.9, 0.6).ownership(0.3, 0.5, 0.2).hours("24/7"),
      new Profile("nursing_home", 8)
          .names("{d}{b}护理院|{D} {B} Nursing Home", "{d}{b}护理中心|{D} {B} Nursing Centre")
          .care(0.2, 0.7, 0.95, 0.45, 40, 200).prices(0.3, 1, 0.15)
          .services(0.95, 0.85, 0.7, 0.3, IFD, 0.3, 0, 0.1, 0.6, 0.7, 0, 0)
          .medical(0.9, 0.6, 0, 0.6).insurance(0.85, 0.7).ownership(0.2, 0.7, 0.1).hours("24/7"),
      new Profile("geriatric_hospital", 4)
          .names("{d}{b}老年病医院|{D} {B} Geriatric Hospital", "{c}老年病医院{p}院区|{C} Geriatric Hospital {P} Campus")
          .care(0.15, 0.6, 0.9, 0.45, 60, 300).prices(0.4, 1, 0.15)
          .services(0.8, 0.5, 0.8, 0.5, IFD, 0.4, 0, 0.1, 0.8, 0.9, 0, 0)
          .medical(1, 0.2, 0.4, 0.3).insurance(0.95, 0.5).ownership(0.5, 0.45, 0.05).hours("24/7"),
      new Profile("rehabilitation_hospital", 5)
          .names("{d}{b}康复医院|{D} {B} Rehabilitation Hospital", "{c}{b}康复医院|{C} {B} Rehabilitation Hospital")
          .care(0.2, 0.9, 0.7, 0.1, 40, 250).prices(0.4, 1, 0.1)
          .services(0.7, 0.3, 1, 0.6, IFD, 0.1, 0, 0.1, 0.6, 0.5, 0, 0)
          .medical(1, 0.2, 0.1, 0.4).insurance(0.95, 0.3).ownership(0.4, 0.55, 0.05).hours("24/7"),
      new Profile("hospice", 4)
          .names("{d}{b}安宁疗护中心|{D} {B} Hospice", "{d}{b}关怀医院|{D} {B} Palliative Care Hospital")
          .care(0, 0.15, 0.95, 0.15, 10, 60).prices(0.4, 1, 0.15)
          .services(0.9, 0.8, 0.2, 0.2, IFD, 1, 0, 0.3, 0.2, 0.3, 0, 0)
          .medical(0.9, 0.5, 0, 0.6).insurance(0.9, 0.4).ownership(0.5, 0.4, 0.1).hours("24/7"),
      new Profile("day_care_centre", 13)
          .names("{d}{p}社区日间照料中心|{D} {P} Community Day Care Centre",
              "{d}{p}街道老年人日间照料中心|{D} {P} Subdistrict Senior Day Care Centre")
          .care(0.95, 0.5, 0.05, 0.2, 10, 40).prices(0, 0.4, -0.05)
          .services(0.95, 0.5, 0.3, 0.3, IFD, 0, 1, 0.4, 0.5, 0.2, 0, 0)
          .medical(0.2, 0.5, 0, 0.4).insurance(0.1, 0.1).ownership(0.3, 0.2, 0.5)
          .hours("Mo-Fr 08:00-17:30", "Mo-Sa 07:30-18:00", "Mo-Su 08:00-17:00"),
      new Profile("community_elderly_care_station", 14)
          .names("{d}{p}社区养老服务站|{D} {P} Community Elderly Care Station",
              "{d}{p}社区长者驿站|{D} {P} Community Senior Station")
          .care(0.9, 0.45, 0.05, 0.1, 10, 30).prices(0, 0.35, -0.05)
          .services(0.8, 0.3, 0.2, 0.2, IFD, 0, 0.6, 0.8, 0.5, 0.3, 0, 0)
          .medical(0.15, 0.6, 0, 0.4).insurance(0.1, 0.15).ownership(0.3, 0.2, 0.5)
          .hours("Mo-Fr 08:30-17:00", "Mo-Su 08:00-18:00"),
      new Profile("rural_welfare_home", 12)
          .names("{d}{p}镇敬老院|{D} {P} Town Welfare Home", "{d}{p}镇中心敬老院|{D} {P} Town Central Welfare Home")
          .care(0.95, 0.55, 0.35, 0.05, 20, 150).prices(0, 0.3, -0.05)
          .services(0.98, 0.5, 0.1, 0.1, IFD, 0, 0, 0.1, 0.4, 0.2, 0, 0)
          .medical(0.2, 0.5, 0, 0.5).insurance(0.2, 0.1).ownership(0.8, 0, 0.2).hours("24/7"));

  private static final List<Profile> MEDICAL_PROFILES = List.of(
      new Profile("community_health_station", 70)
          .names("{d}{p}社区卫生服务站|{D} {P} Community Health Service Station")
          .services(0, 0, 0.2, 0.4, 0, 0, 0, 0.6, 0.8, 0.9, 0.3, 0.9)
          .medical(1, 0.7, 0.02, 0.3).insurance(0.85, 0).ownership(0.6, 0.35, 0.05)
          .hours("Mo-Su 08:00-12:00,14:00-17:30", "Mo-Sa 08:00-17:00"),
      new Profile("township_hospital", 13)
          .names("{d}{p}镇卫生院|{D} {P} Township Hospital", "{d}{p}镇中心卫生院|{D} {P} Central Township Hospital")
          .services(0, 0, 0.5, 0.6, 0, 0.1, 0, 0.6, 0.9, 0.9, 0.95, 0.95)
          .medical(1, 0.6, 0.8, 0.3).insurance(0.98, 0.05).ownership(0.98, 0, 0.02)
          .hours("Mo-Su 08:00-17:30"),
      new Profile("community_health_centre", 11)
          .names("{d}{p}街道社区卫生服务中心|{D} {P} Subdistrict Community Health Service Centre")
          .services(0, 0, 0.6, 0.7, 0, 0.1, 0, 0.7, 0.95, 0.95, 0.9, 0.95)
          .medical(1, 0.7, 0.3, 0.3).insurance(0.98, 0.2).ownership(0.85, 0.1, 0.05)
          .hours("Mo-Su 08:00-17:30", "Mo-Fr 08:00-17:30; Sa-Su 08:00-12:00"),
      new Profile("general_hospital", 6)
          .names("{d}人民医院|{D} People's Hospital", "{d}中医医院|{D} Hospital of Traditional Chinese Medicine",
              "{c}第{n}人民医院|{C} No. {N} People's Hospital", "{c}市立医院{p}院区|{C} Municipal Hospital {P} Campus",
              "{c}中心医院{p}院区|{C} Central Hospital {P} Campus", "{d}{b}医院|{D} {B} Hospital")
          .services(0, 0, 0.9, 0.6, 0, 0.2, 0, 0, 0.9, 0.7, 0.3, 0.1)
          .medical(1, 0.1, 0.95, 0).insurance(0.98, 0).ownership(0.6, 0.38, 0.02)
          .hours("Mo-Su 08:00-17:30"));

  private static final Map<String, Profile> PROFILES = new LinkedHashMap<>();
  private static final double[] CARE_WEIGHTS = CARE_PROFILES.stream().mapToDouble(p -> p.weight).toArray();
  private static final double[] MEDICAL_WEIGHTS = MEDICAL_PROFILES.stream().mapToDouble(p -> p.weight).toArray();

  static {
    Stream.concat(CARE_PROFILES.stream(), MEDICAL_PROFILES.stream()).forEach(p -> PROFILES.put(p.kind, p));
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

  // ------------------------------------------------------------------------------------------------
  // Words
  // ------------------------------------------------------------------------------------------------

  /** Care-home brand words {zh, pinyin}. */
  private static final String[][] BRANDS = {
      {"颐康", "Yikang"}, {"福寿", "Fushou"}, {"康宁", "Kangning"}, {"夕阳红", "Xiyanghong"}, {"松鹤", "Songhe"},
      {"颐养", "Yiyang"}, {"安康", "Ankang"}, {"福康", "Fukang"}, {"长青", "Changqing"}, {"乐龄", "Leling"},
      {"仁爱", "Ren'ai"}, {"博爱", "Bo'ai"}, {"慈济", "Ciji"}, {"泰和", "Taihe"}, {"瑞康", "Ruikang"},
      {"鹤年", "Henian"}, {"康乐", "Kangle"}, {"祥和", "Xianghe"}, {"颐和", "Yihe"}, {"百福", "Baifu"},
      {"万福", "Wanfu"}, {"金秋", "Jinqiu"}, {"晚晴", "Wanqing"}, {"嘉和", "Jiahe"}, {"恒康", "Hengkang"},
      {"德康", "Dekang"}, {"普济", "Puji"}, {"爱心", "Aixin"}, {"同心", "Tongxin"}, {"幸福", "Xingfu"},
      {"康馨", "Kangxin"}, {"荣康", "Rongkang"}, {"颐馨", "Yixin"}, {"寿康", "Shoukang"}, {"永康", "Yongkang"},
      {"乐康", "Lekang"}, {"和美", "Hemei"}, {"春晖", "Chunhui"}, {"爱晚", "Aiwan"}, {"九如", "Jiuru"},
      {"椿萱", "Chunxuan"}, {"慈恩", "Ci'en"}, {"善德", "Shande"}, {"福缘", "Fuyuan"}, {"康泰", "Kangtai"},
      {"安泰", "Antai"}, {"银龄", "Yinling"}, {"孝亲", "Xiaoqin"}, {"鲁康", "Lukang"}, {"齐鲁", "Qilu"}};

  /** First and second syllables of place names (towns, subdistricts, communities) {zh, pinyin}. */
  private static final String[][] PLACE_HEADS = {
      {"明", "Ming"}, {"峤", "Qiao"}, {"柳", "Liu"}, {"东", "Dong"}, {"西", "Xi"}, {"南", "Nan"}, {"北", "Bei"},
      {"大", "Da"}, {"小", "Xiao"}, {"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"马", "Ma"}, {"石", "Shi"},
      {"杏", "Xing"}, {"桃", "Tao"}, {"枣", "Zao"}, {"槐", "Huai"}, {"松", "Song"}, {"青", "Qing"}, {"金", "Jin"},
      {"龙", "Long"}, {"凤", "Feng"}, {"安", "An"}, {"兴", "Xing"}, {"华", "Hua"}, {"泉", "Quan"}, {"双", "Shuang"},
      {"高", "Gao"}, {"白", "Bai"}, {"黄", "Huang"}, {"朱", "Zhu"}, {"孙", "Sun"}, {"周", "Zhou"}, {"田", "Tian"},
      {"苗", "Miao"}, {"葛", "Ge"}, {"崔", "Cui"}, {"郭", "Guo"}, {"韩", "Han"}, {"徐", "Xu"}, {"陈", "Chen"},
      {"于", "Yu"}, {"仁", "Ren"}, {"丰", "Feng"}, {"永", "Yong"}, {"新", "Xin"}, {"古", "Gu"}, {"平", "Ping"},
      {"宁", "Ning"}};
  private static final String[][] PLACE_TAILS = {
      {"水", "shui"}, {"庄", "zhuang"}, {"集", "ji"}, {"店", "dian"}, {"桥", "qiao"}, {"营", "ying"}, {"屯", "tun"},
      {"坡", "po"}, {"岭", "ling"}, {"沟", "gou"}, {"峪", "yu"}, {"口", "kou"}, {"湖", "hu"}, {"园", "yuan"},
      {"林", "lin"}, {"城", "cheng"}, {"关", "guan"}, {"楼", "lou"}, {"寨", "zhai"}, {"台", "tai"}, {"头", "tou"},
      {"埠", "bu"}, {"阳", "yang"}, {"山", "shan"}, {"河", "he"}, {"泉", "quan"}, {"家", "jia"}, {"里", "li"},
      {"亭", "ting"}, {"旺", "wang"}};

  /** A made-up but plausible two-character place name, {"柳庄", "Liuzhuang"}. */
  private static String[] place(SplittableRandom r) {
    String[] head = PLACE_HEADS[r.nextInt(PLACE_HEADS.length)];
    int t = r.nextInt(PLACE_TAILS.length);
    if (head[0].equals(PLACE_TAILS[t][0])) { // no "泉泉": take the next tail
      t = (t + 1) % PLACE_TAILS.length;
    }
    return new String[] {head[0] + PLACE_TAILS[t][0], head[1] + PLACE_TAILS[t][1]};
  }

  private static final String[][] STREETS = {
      {"文化", "Wenhua"}, {"和平", "Heping"}, {"解放", "Jiefang"}, {"建设", "Jianshe"}, {"人民", "Renmin"},
      {"胜利", "Shengli"}, {"幸福", "Xingfu"}, {"新华", "Xinhua"}, {"泰山", "Taishan"}, {"黄河", "Huanghe"},
      {"青年", "Qingnian"}, {"长江", "Changjiang"}, {"民生", "Minsheng"}, {"光明", "Guangming"}, {"团结", "Tuanjie"},
      {"振兴", "Zhenxing"}, {"中山", "Zhongshan"}, {"北京", "Beijing"}, {"上海", "Shanghai"}, {"南京", "Nanjing"},
      {"工业", "Gongye"}, {"健康", "Jiankang"}, {"银河", "Yinhe"}, {"长安", "Chang'an"}, {"朝阳", "Chaoyang"},
      {"东风", "Dongfeng"}, {"红旗", "Hongqi"}, {"兴隆", "Xinglong"}, {"花园", "Huayuan"}, {"育才", "Yucai"},
      {"友谊", "Youyi"}, {"滨河", "Binhe"}, {"府前", "Fuqian"}, {"迎宾", "Yingbin"}, {"学府", "Xuefu"},
      {"安居", "Anju"}, {"富民", "Fumin"}, {"利民", "Limin"}, {"齐鲁", "Qilu"}, {"泉城", "Quancheng"}};
  private static final String[][] DIRECTIONS = {{"东", "East"}, {"西", "West"}, {"南", "South"}, {"北", "North"},
      {"中", "Middle"}};
  private static final String[][] STREET_TYPES = {{"路", "Road"}, {"街", "Street"}, {"大道", "Avenue"}};
  private static final double[] STREET_TYPE_WEIGHTS = {0.6, 0.25, 0.15};
  private static final String[] NUMERALS_ZH = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

  // ------------------------------------------------------------------------------------------------
  // Geography: Shandong's 16 cities and 136 county-level units (as in V2__regions_shandong.sql)
  // ------------------------------------------------------------------------------------------------

  /** A prefecture-level city: phone area code, local number length, 2020 census population (millions). */
  private static final class City {
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
  private static final class District {
    final String code;
    final String zh;
    final String en;
    final String shortEn;
    final double lat;
    final double lng;
    final boolean urban;
    final City city;

    District(String code, String zh, String en, double lat, double lng, City city) {
      this.code = code;
      this.zh = zh;
      this.en = en;
      this.shortEn = shortEnglish(zh, en);
      this.lat = lat;
      this.lng = lng;
      this.urban = URBAN_CORE.contains(code);
      this.city = city;
    }

    /** "Lixia District" -> "Lixia"; one-character counties keep the county: "莒县" -> "Juxian". */
    private static String shortEnglish(String zh, String en) {
      String base = en.replaceFirst(" (District|County|City)$", "");
      return zh.length() == 2 && zh.endsWith("县") ? base + "xian" : base;
    }
  }

  /** City-centre districts made up of subdistricts only: small spread, no towns. */
  private static final Set<String> URBAN_CORE = Set.of("370102", "370103", "370104", "370105", "370202", "370203",
      "370213", "370303", "370602", "370613", "370702", "370705");

  private static final List<City> CITIES = List.of(
      new City("370100", "济南市", "Jinan", "0531", 8, 9.20),
      new City("370200", "青岛市", "Qingdao", "0532", 8, 10.07),
      new City("370300", "淄博市", "Zibo", "0533", 8, 4.70),
      new City("370400", "枣庄市", "Zaozhuang", "0632", 7, 3.86),
      new City("370500", "东营市", "Dongying", "0546", 7, 2.19),
      new City("370600", "烟台市", "Yantai", "0535", 7, 7.10),
      new City("370700", "潍坊市", "Weifang", "0536", 7, 9.39),
      new City("370800", "济宁市", "Jining", "0537", 7, 8.36),
      new City("370900", "泰安市", "Tai'an", "0538", 7, 5.47),
      new City("371000", "威海市", "Weihai", "0631", 7, 2.91),
      new City("371100", "日照市", "Rizhao", "0633", 7, 2.97),
      new City("371300", "临沂市", "Linyi", "0539", 7, 11.02),
      new City("371400", "德州市", "Dezhou", "0534", 7, 5.61),
      new City("371500", "聊城市", "Liaocheng", "0635", 7, 5.95),
      new City("371600", "滨州市", "Binzhou", "0543", 7, 3.93),
      new City("371700", "菏泽市", "Heze", "0530", 7, 8.80));
  private static final double[] CITY_WEIGHTS = CITIES.stream().mapToDouble(c -> c.population).toArray();

  /** By code, in code order. */
  private static final Map<String, District> DISTRICTS = new LinkedHashMap<>();

  private static void d(String code, String zh, String en, double lat, double lng) {
    String cityCode = code.substring(0, 4) + "00";
    City city = CITIES.stream().filter(c -> c.code.equals(cityCode)).findFirst().orElseThrow();
    District district = new District(code, zh, en, lat, lng, city);
    city.districts.add(district);
    DISTRICTS.put(code, district);
  }

  static {
    // Jinan
    d("370102", "历下区", "Lixia District", 36.667, 117.077);
    d("370103", "市中区", "Shizhong District", 36.640, 116.998);
    d("370104", "槐荫区", "Huaiyin District", 36.651, 116.901);
    d("370105", "天桥区", "Tianqiao District", 36.693, 116.987);
    d("370112", "历城区", "Licheng District", 36.680, 117.065);
    d("370113", "长清区", "Changqing District", 36.554, 116.752);
    d("370114", "章丘区", "Zhangqiu District", 36.714, 117.526);
    d("370115", "济阳区", "Jiyang District", 36.978, 117.173);
    d("370116", "莱芜区", "Laiwu District", 36.203, 117.660);
    d("370117", "钢城区", "Gangcheng District", 36.059, 117.811);
    d("370124", "平阴县", "Pingyin County", 36.289, 116.456);
    d("370126", "商河县", "Shanghe County", 37.309, 117.157);
    // Qingdao
    d("370202", "市南区", "Shinan District", 36.070, 120.395);
    d("370203", "市北区", "Shibei District", 36.087, 120.375);
    d("370211", "黄岛区", "Huangdao District", 35.930, 120.100);
    d("370212", "崂山区", "Laoshan District", 36.107, 120.469);
    d("370213", "李沧区", "Licang District", 36.145, 120.433);
    d("370214", "城阳区", "Chengyang District", 36.307, 120.396);
    d("370215", "即墨区", "Jimo District", 36.389, 120.447);
    d("370281", "胶州市", "Jiaozhou City", 36.264, 120.033);
    d("370283", "平度市", "Pingdu City", 36.787, 119.960);
    d("370285", "莱西市", "Laixi City", 36.888, 120.518);
    // Zibo
    d("370302", "淄川区", "Zichuan District", 36.643, 117.967);
    d("370303", "张店区", "Zhangdian District", 36.807, 118.018);
    d("370304", "博山区", "Boshan District", 36.494, 117.861);
    d("370305", "临淄区", "Linzi District", 36.826, 118.309);
    d("370306", "周村区", "Zhoucun District", 36.803, 117.870);
    d("370321", "桓台县", "Huantai County", 36.960, 118.098);
    d("370322", "高青县", "Gaoqing County", 37.171, 117.826);
    d("370323", "沂源县", "Yiyuan County", 36.185, 118.171);
    // Zaozhuang
    d("370402", "市中区", "Shizhong District", 34.864, 117.556);
    d("370403", "薛城区", "Xuecheng District", 34.795, 117.263);
    d("370404", "峄城区", "Yicheng District", 34.773, 117.591);
    d("370405", "台儿庄区", "Tai'erzhuang District", 34.562, 117.734);
    d("370406", "山亭区", "Shanting District", 35.099, 117.461);
    d("370481", "滕州市", "Tengzhou City", 35.114, 117.165);
    // Dongying
    d("370502", "东营区", "Dongying District", 37.448, 118.582);
    d("370503", "河口区", "Hekou District", 37.886, 118.525);
    d("370505", "垦利区", "Kenli District", 37.588, 118.548);
    d("370522", "利津县", "Lijin County", 37.490, 118.256);
    d("370523", "广饶县", "Guangrao County", 37.054, 118.407);
    // Yantai
    d("370602", "芝罘区", "Zhifu District", 37.530, 121.390);
    d("370611", "福山区", "Fushan District", 37.498, 121.268);
    d("370612", "牟平区", "Muping District", 37.387, 121.600);
    d("370613", "莱山区", "Laishan District", 37.500, 121.445);
    d("370614", "蓬莱区", "Penglai District", 37.800, 120.759);
    d("370681", "龙口市", "Longkou City", 37.646, 120.478);
    d("370682", "莱阳市", "Laiyang City", 36.979, 120.712);
    d("370683", "莱州市", "Laizhou City", 37.177, 119.942);
    d("370685", "招远市", "Zhaoyuan City", 37.355, 120.434);
    d("370686", "栖霞市", "Qixia City", 37.336, 120.850);
    d("370687", "海阳市", "Haiyang City", 36.776, 121.159);
    // Weifang
    d("370702", "潍城区", "Weicheng District", 36.728, 119.025);
    d("370703", "寒亭区", "Hanting District", 36.775, 119.219);
    d("370704", "坊子区", "Fangzi District", 36.655, 119.166);
    d("370705", "奎文区", "Kuiwen District", 36.707, 119.132);
    d("370724", "临朐县", "Linqu County", 36.512, 118.543);
    d("370725", "昌乐县", "Changle County", 36.707, 118.830);
    d("370781", "青州市", "Qingzhou City", 36.685, 118.480);
    d("370782", "诸城市", "Zhucheng City", 35.996, 119.410);
    d("370783", "寿光市", "Shouguang City", 36.856, 118.791);
    d("370784", "安丘市", "Anqiu City", 36.478, 119.219);
    d("370785", "高密市", "Gaomi City", 36.383, 119.756);
    d("370786", "昌邑市", "Changyi City", 36.858, 119.398);
    // Jining
    d("370811", "任城区", "Rencheng District", 35.414, 116.595);
    d("370812", "兖州区", "Yanzhou District", 35.553, 116.783);
    d("370826", "微山县", "Weishan County", 34.807, 117.129);
    d("370827", "鱼台县", "Yutai County", 35.012, 116.650);
    d("370828", "金乡县", "Jinxiang County", 35.067, 116.311);
    d("370829", "嘉祥县", "Jiaxiang County", 35.408, 116.342);
    d("370830", "汶上县", "Wenshang County", 35.712, 116.489);
    d("370831", "泗水县", "Sishui County", 35.665, 117.251);
    d("370832", "梁山县", "Liangshan County", 35.802, 116.096);
    d("370881", "曲阜市", "Qufu City", 35.581, 116.986);
    d("370883", "邹城市", "Zoucheng City", 35.405, 117.007);
    // Tai'an
    d("370902", "泰山区", "Taishan District", 36.194, 117.135);
    d("370911", "岱岳区", "Daiyue District", 36.188, 117.042);
    d("370921", "宁阳县", "Ningyang County", 35.758, 116.805);
    d("370923", "东平县", "Dongping County", 35.937, 116.471);
    d("370982", "新泰市", "Xintai City", 35.909, 117.768);
    d("370983", "肥城市", "Feicheng City", 36.182, 116.768);
    // Weihai
    d("371002", "环翠区", "Huancui District", 37.480, 122.100);
    d("371003", "文登区", "Wendeng District", 37.194, 122.058);
    d("371082", "荣成市", "Rongcheng City", 37.165, 122.470);
    d("371083", "乳山市", "Rushan City", 36.920, 121.540);
    // Rizhao
    d("371102", "东港区", "Donggang District", 35.426, 119.440);
    d("371103", "岚山区", "Lanshan District", 35.122, 119.300);
    d("371121", "五莲县", "Wulian County", 35.750, 119.207);
    d("371122", "莒县", "Ju County", 35.580, 118.837);
    // Linyi
    d("371302", "兰山区", "Lanshan District", 35.052, 118.348);
    d("371311", "罗庄区", "Luozhuang District", 34.997, 118.284);
    d("371312", "河东区", "Hedong District", 35.089, 118.403);
    d("371321", "沂南县", "Yinan County", 35.550, 118.465);
    d("371322", "郯城县", "Tancheng County", 34.613, 118.367);
    d("371323", "沂水县", "Yishui County", 35.790, 118.628);
    d("371324", "兰陵县", "Lanling County", 34.857, 118.071);
    d("371325", "费县", "Fei County", 35.266, 117.978);
    d("371326", "平邑县", "Pingyi County", 35.506, 117.641);
    d("371327", "莒南县", "Junan County", 35.175, 118.835);
    d("371328", "蒙阴县", "Mengyin County", 35.710, 117.946);
    d("371329", "临沭县", "Linshu County", 34.920, 118.650);
    // Dezhou
    d("371402", "德城区", "Decheng District", 37.451, 116.299);
    d("371403", "陵城区", "Lingcheng District", 37.336, 116.576);
    d("371422", "宁津县", "Ningjin County", 37.652, 116.800);
    d("371423", "庆云县", "Qingyun County", 37.775, 117.385);
    d("371424", "临邑县", "Linyi County", 37.190, 116.866);
    d("371425", "齐河县", "Qihe County", 36.795, 116.758);
    d("371426", "平原县", "Pingyuan County", 37.166, 116.434);
    d("371427", "夏津县", "Xiajin County", 36.949, 116.002);
    d("371428", "武城县", "Wucheng County", 37.213, 116.069);
    d("371481", "乐陵市", "Leling City", 37.730, 117.232);
    d("371482", "禹城市", "Yucheng City", 36.934, 116.638);
    // Liaocheng
    d("371502", "东昌府区", "Dongchangfu District", 36.434, 115.988);
    d("371503", "茌平区", "Chiping District", 36.580, 116.255);
    d("371521", "阳谷县", "Yanggu County", 36.114, 115.792);
    d("371522", "莘县", "Shen County", 36.234, 115.671);
    d("371524", "东阿县", "Dong'e County", 36.335, 116.248);
    d("371525", "冠县", "Guan County", 36.484, 115.442);
    d("371526", "高唐县", "Gaotang County", 36.866, 116.230);
    d("371581", "临清市", "Linqing City", 36.838, 115.705);
    // Binzhou
    d("371602", "滨城区", "Bincheng District", 37.432, 118.020);
    d("371603", "沾化区", "Zhanhua District", 37.699, 118.132);
    d("371621", "惠民县", "Huimin County", 37.490, 117.510);
    d("371622", "阳信县", "Yangxin County", 37.641, 117.578);
    d("371623", "无棣县", "Wudi County", 37.770, 117.625);
    d("371625", "博兴县", "Boxing County", 37.150, 118.111);
    d("371681", "邹平市", "Zouping City", 36.863, 117.743);
    // Heze
    d("371702", "牡丹区", "Mudan District", 35.252, 115.417);
    d("371703", "定陶区", "Dingtao District", 35.071, 115.573);
    d("371721", "曹县", "Cao County", 34.825, 115.542);
    d("371722", "单县", "Shan County", 34.779, 116.087);
    d("371723", "成武县", "Chengwu County", 34.952, 115.890);
    d("371724", "巨野县", "Juye County", 35.396, 116.095);
    d("371725", "郓城县", "Yuncheng County", 35.600, 115.943);
    d("371726", "鄄城县", "Juancheng County", 35.563, 115.510);
    d("371728", "东明县", "Dongming County", 35.290, 115.090);
  }
}
