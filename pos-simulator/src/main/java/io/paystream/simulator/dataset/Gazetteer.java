package io.paystream.simulator.dataset;

import io.paystream.contracts.event.GeoLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Merchant coordinates for TabFormer from the shared gazetteer ({@code geo/us_zip_centroids.csv},
 * {@code geo/country_centroids.csv}), with an honest accuracy radius:
 *
 * <ul>
 *   <li>a ZCTA internal point ({@code census_zcta_2022}): {@value #ZCTA_ACCURACY_KM} km (a ZIP area
 *       is a few km across in towns, larger in the country);
 *   <li>a {@code zip3} mean (the zip is no ZCTA): {@value #ZIP3_ACCURACY_KM} km;
 *   <li>a {@code city} mean: {@value #CITY_ACCURACY_KM} km;
 *   <li>a country centre point: {@value #COUNTRY_MIN_ACCURACY_KM} km, more for large countries
 *       (roughly the centre-to-border distance of the country's populated area).
 * </ul>
 */
public final class Gazetteer {

  static final double ZCTA_ACCURACY_KM = 5;
  static final double ZIP3_ACCURACY_KM = 30;
  static final double CITY_ACCURACY_KM = 15;
  static final double COUNTRY_MIN_ACCURACY_KM = 1_000;

  /** Countries where the centre point is further than 1,000 km from much of the population. */
  private static final Map<String, Double> LARGE_COUNTRY_ACCURACY_KM =
      Map.ofEntries(
          Map.entry("CA", 3_000.0),
          Map.entry("CN", 2_000.0),
          Map.entry("IN", 1_500.0),
          Map.entry("ID", 2_500.0),
          Map.entry("MX", 1_500.0),
          Map.entry("DZ", 1_200.0),
          Map.entry("EG", 1_000.0),
          Map.entry("ZA", 1_200.0),
          Map.entry("PE", 1_200.0),
          Map.entry("CO", 1_000.0),
          Map.entry("MN", 1_200.0),
          Map.entry("JP", 1_200.0),
          Map.entry("PH", 1_000.0),
          Map.entry("NZ", 1_000.0),
          Map.entry("NO", 1_000.0),
          Map.entry("SE", 1_000.0));

  /** A country as named in TabFormer. */
  public record Country(String name, String iso2, double lat, double lon) {}

  private final Map<String, GeoLocation> zips;
  private final Map<String, Country> countries;

  private Gazetteer(Map<String, GeoLocation> zips, Map<String, Country> countries) {
    this.zips = zips;
    this.countries = countries;
  }

  /** Loads both files from a {@code geo/} directory. */
  public static Gazetteer load(Path geoDir) throws IOException {
    Map<String, GeoLocation> zips = new HashMap<>();
    for (CSVRecord r : read(geoDir.resolve("us_zip_centroids.csv"))) {
      double accuracy =
          switch (r.get("source")) {
            case "zip3" -> ZIP3_ACCURACY_KM;
            case "city" -> CITY_ACCURACY_KM;
            default -> ZCTA_ACCURACY_KM;
          };
      zips.put(
          r.get("zip"),
          new GeoLocation(
              Double.parseDouble(r.get("lat")), Double.parseDouble(r.get("lon")), accuracy, "US"));
    }
    Map<String, Country> countries = new HashMap<>();
    for (CSVRecord r : read(geoDir.resolve("country_centroids.csv"))) {
      Country c =
          new Country(
              r.get("country"),
              r.get("iso2"),
              Double.parseDouble(r.get("lat")),
              Double.parseDouble(r.get("lon")));
      countries.put(c.name(), c);
    }
    return new Gazetteer(zips, countries);
  }

  private static Iterable<CSVRecord> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(reader)
          .getRecords();
    }
  }

  /** The centroid of a five-digit US zip code. */
  public Optional<GeoLocation> zip(String zip5) {
    return Optional.ofNullable(zips.get(zip5));
  }

  /** A country by its TabFormer name ({@code Italy}, {@code South Korea}). */
  public Optional<Country> country(String name) {
    return Optional.ofNullable(countries.get(name));
  }

  /** The centre point of a country with its (large) accuracy radius. */
  public static GeoLocation centre(Country c) {
    double accuracy =
        Math.max(
            COUNTRY_MIN_ACCURACY_KM,
            LARGE_COUNTRY_ACCURACY_KM.getOrDefault(c.iso2(), COUNTRY_MIN_ACCURACY_KM));
    return new GeoLocation(c.lat(), c.lon(), accuracy, c.iso2());
  }
}
