package io.paystream.fds.profile;

import io.paystream.fds.rule.CardProfile;
import java.util.Objects;

/**
 * A card profile as stored in {@code ledger.card_profiles}, with the row's version. Every write to
 * the row bumps the version, so two copies with the same version have the same content: this is
 * what lets a cached copy be checked against the locked row without reading the row's JSONB. Also
 * the value of the {@code card-profiles} cache (JSON).
 *
 * @param profile the profile
 * @param version {@code card_profiles.version} when the profile was read or written (0 = first
 *     insert)
 */
public record VersionedCardProfile(CardProfile profile, long version) {

  public VersionedCardProfile {
    Objects.requireNonNull(profile, "profile");
  }
}
