package io.paystream.simulator.dataset;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Time zones for datasets whose times are local wall-clock times without zone.
 *
 * <p>A US state maps to the IANA zone where most of its population lives (states split between
 * zones take the majority one: {@code TX}, {@code TN}, {@code KS}, {@code NE}, {@code ND}, {@code
 * SD} → Central; {@code FL}, {@code KY}, {@code MI}, {@code IN} → Eastern; {@code ID}, {@code OR} →
 * their majority zone). A country maps to its capital's or most populous region's zone ({@code CA}
 * → Toronto, {@code MX} → Mexico City, {@code CN} → Shanghai, ...). Unknown places fall back to UTC
 * and are counted by the adapter.
 */
public final class TimeZones {

  private static final Map<String, String> US_STATES =
      Map.ofEntries(
          Map.entry("AL", "America/Chicago"),
          Map.entry("AK", "America/Anchorage"),
          Map.entry("AZ", "America/Phoenix"),
          Map.entry("AR", "America/Chicago"),
          Map.entry("CA", "America/Los_Angeles"),
          Map.entry("CO", "America/Denver"),
          Map.entry("CT", "America/New_York"),
          Map.entry("DE", "America/New_York"),
          Map.entry("DC", "America/New_York"),
          Map.entry("FL", "America/New_York"),
          Map.entry("GA", "America/New_York"),
          Map.entry("HI", "Pacific/Honolulu"),
          Map.entry("ID", "America/Boise"),
          Map.entry("IL", "America/Chicago"),
          Map.entry("IN", "America/Indiana/Indianapolis"),
          Map.entry("IA", "America/Chicago"),
          Map.entry("KS", "America/Chicago"),
          Map.entry("KY", "America/Kentucky/Louisville"),
          Map.entry("LA", "America/Chicago"),
          Map.entry("ME", "America/New_York"),
          Map.entry("MD", "America/New_York"),
          Map.entry("MA", "America/New_York"),
          Map.entry("MI", "America/Detroit"),
          Map.entry("MN", "America/Chicago"),
          Map.entry("MS", "America/Chicago"),
          Map.entry("MO", "America/Chicago"),
          Map.entry("MT", "America/Denver"),
          Map.entry("NE", "America/Chicago"),
          Map.entry("NV", "America/Los_Angeles"),
          Map.entry("NH", "America/New_York"),
          Map.entry("NJ", "America/New_York"),
          Map.entry("NM", "America/Denver"),
          Map.entry("NY", "America/New_York"),
          Map.entry("NC", "America/New_York"),
          Map.entry("ND", "America/Chicago"),
          Map.entry("OH", "America/New_York"),
          Map.entry("OK", "America/Chicago"),
          Map.entry("OR", "America/Los_Angeles"),
          Map.entry("PA", "America/New_York"),
          Map.entry("RI", "America/New_York"),
          Map.entry("SC", "America/New_York"),
          Map.entry("SD", "America/Chicago"),
          Map.entry("TN", "America/Chicago"),
          Map.entry("TX", "America/Chicago"),
          Map.entry("UT", "America/Denver"),
          Map.entry("VT", "America/New_York"),
          Map.entry("VA", "America/New_York"),
          Map.entry("WA", "America/Los_Angeles"),
          Map.entry("WV", "America/New_York"),
          Map.entry("WI", "America/Chicago"),
          Map.entry("WY", "America/Denver"),
          Map.entry("PR", "America/Puerto_Rico"),
          Map.entry("GU", "Pacific/Guam"),
          Map.entry("VI", "America/St_Thomas"),
          Map.entry("AS", "Pacific/Pago_Pago"),
          Map.entry("MP", "Pacific/Saipan"));

  private static final Map<String, String> COUNTRIES =
      Map.ofEntries(
          Map.entry("US", "America/New_York"),
          Map.entry("DZ", "Africa/Algiers"),
          Map.entry("CA", "America/Toronto"),
          Map.entry("CN", "Asia/Shanghai"),
          Map.entry("CO", "America/Bogota"),
          Map.entry("CR", "America/Costa_Rica"),
          Map.entry("CZ", "Europe/Prague"),
          Map.entry("DK", "Europe/Copenhagen"),
          Map.entry("DO", "America/Santo_Domingo"),
          Map.entry("EG", "Africa/Cairo"),
          Map.entry("EE", "Europe/Tallinn"),
          Map.entry("FR", "Europe/Paris"),
          Map.entry("DE", "Europe/Berlin"),
          Map.entry("GT", "America/Guatemala"),
          Map.entry("HT", "America/Port-au-Prince"),
          Map.entry("HK", "Asia/Hong_Kong"),
          Map.entry("IN", "Asia/Kolkata"),
          Map.entry("ID", "Asia/Jakarta"),
          Map.entry("IL", "Asia/Jerusalem"),
          Map.entry("IT", "Europe/Rome"),
          Map.entry("JM", "America/Jamaica"),
          Map.entry("JP", "Asia/Tokyo"),
          Map.entry("MY", "Asia/Kuala_Lumpur"),
          Map.entry("MX", "America/Mexico_City"),
          Map.entry("MN", "Asia/Ulaanbaatar"),
          Map.entry("NL", "Europe/Amsterdam"),
          Map.entry("NZ", "Pacific/Auckland"),
          Map.entry("NO", "Europe/Oslo"),
          Map.entry("PK", "Asia/Karachi"),
          Map.entry("PE", "America/Lima"),
          Map.entry("PH", "Asia/Manila"),
          Map.entry("PL", "Europe/Warsaw"),
          Map.entry("PT", "Europe/Lisbon"),
          Map.entry("SL", "Africa/Freetown"),
          Map.entry("SG", "Asia/Singapore"),
          Map.entry("ZA", "Africa/Johannesburg"),
          Map.entry("KR", "Asia/Seoul"),
          Map.entry("ES", "Europe/Madrid"),
          Map.entry("SE", "Europe/Stockholm"),
          Map.entry("CH", "Europe/Zurich"),
          Map.entry("TW", "Asia/Taipei"),
          Map.entry("TH", "Asia/Bangkok"),
          Map.entry("BS", "America/Nassau"),
          Map.entry("GB", "Europe/London"),
          Map.entry("AU", "Australia/Sydney"),
          Map.entry("BR", "America/Sao_Paulo"),
          Map.entry("AE", "Asia/Dubai"),
          Map.entry("TR", "Europe/Istanbul"),
          Map.entry("RU", "Europe/Moscow"),
          Map.entry("AR", "America/Argentina/Buenos_Aires"),
          Map.entry("KE", "Africa/Nairobi"),
          Map.entry("NG", "Africa/Lagos"),
          Map.entry("IE", "Europe/Dublin"),
          Map.entry("AT", "Europe/Vienna"),
          Map.entry("BE", "Europe/Brussels"),
          Map.entry("FI", "Europe/Helsinki"),
          Map.entry("GR", "Europe/Athens"),
          Map.entry("HU", "Europe/Budapest"),
          Map.entry("VN", "Asia/Ho_Chi_Minh"),
          Map.entry("CL", "America/Santiago"));

  private TimeZones() {}

  /** The zone of a US state or territory by its USPS code ({@code CA}). */
  public static Optional<ZoneId> usState(String code) {
    return Optional.ofNullable(US_STATES.get(code)).map(ZoneId::of);
  }

  /** The zone of a country by ISO 3166-1 alpha-2 code ({@code IT}). */
  public static Optional<ZoneId> country(String iso2) {
    return Optional.ofNullable(COUNTRIES.get(iso2)).map(ZoneId::of);
  }

  /** UTC, for places with no known zone. */
  public static ZoneId fallback() {
    return ZoneOffset.UTC;
  }
}
