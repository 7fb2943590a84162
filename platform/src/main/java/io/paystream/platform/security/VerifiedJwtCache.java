package io.paystream.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * A {@link ReactiveJwtDecoder} that remembers the tokens its delegate verified, so a terminal that
 * sends the same bearer token with every payment costs one RS256 verification per token instead of
 * one per request (docs/performance.md: the JWT decode was 3.7 % of payment-api's CPU and is done
 * again in the gateway).
 *
 * <p>Why it is safe:
 *
 * <ul>
 *   <li>only tokens the delegate accepted are kept (signature, issuer, audience and every other
 *       validator passed); a rejected token is never cached, so a forged token is verified (and
 *       refused) every time;
 *   <li>the key is the whole compact serialization, compared with {@link String#equals}: no hash
 *       that two tokens could share;
 *   <li>a JWT's claims and signature cannot change, so the delegate would give the same answer
 *       again, except for time and keys: an entry lives until the token's {@code exp} and at most
 *       {@code maxTtl}, and a hit after {@code exp} is verified again (and refused by the
 *       delegate's timestamp validator);
 *   <li>what caching changes is bounded: a signing key withdrawn from the JWK set stops new tokens
 *       at once, but tokens it signed that are already cached pass until {@code maxTtl} (default 5
 *       min) or their {@code exp}, whichever is first. Resource servers do not check revocation of
 *       self-contained tokens anyway.
 * </ul>
 *
 * <p>Memory is bounded by {@code maxSize} entries (a terminal token is about 1 KB).
 */
public final class VerifiedJwtCache implements ReactiveJwtDecoder {

  private final ReactiveJwtDecoder delegate;
  private final Cache<String, Jwt> verified;
  private final Clock clock;

  /**
   * @param delegate the verifying decoder
   * @param maxSize most tokens kept
   * @param maxTtl longest time a verified token is trusted without verifying it again
   * @param clock the time {@code exp} is compared with
   */
  public VerifiedJwtCache(ReactiveJwtDecoder delegate, long maxSize, Duration maxTtl, Clock clock) {
    this(delegate, maxSize, maxTtl, clock, Ticker.systemTicker());
  }

  /** As above, with the ticker that measures {@code maxTtl} (tests move it). */
  VerifiedJwtCache(
      ReactiveJwtDecoder delegate, long maxSize, Duration maxTtl, Clock clock, Ticker ticker) {
    this.delegate = delegate;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(maxSize)
            .expireAfter(
                new Expiry<String, Jwt>() {
                  @Override
                  public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                    Duration left =
                        jwt.getExpiresAt() == null
                            ? maxTtl
                            : Duration.between(clock.instant(), jwt.getExpiresAt());
                    if (left.isNegative()) {
                      return 0;
                    }
                    return Math.min(left.toNanos(), maxTtl.toNanos());
                  }

                  @Override
                  public long expireAfterUpdate(
                      String token, Jwt jwt, long currentTime, long currentDuration) {
                    return currentDuration;
                  }

                  @Override
                  public long expireAfterRead(
                      String token, Jwt jwt, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  /** The decoder this cache fronts. */
  public ReactiveJwtDecoder delegate() {
    return delegate;
  }

  /** Number of tokens held now (approximate; for tests and metrics). */
  public long size() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /**
   * Answers a verified token from the cache while it is unexpired, else verifies it with the
   * delegate and keeps it if it passed.
   *
   * @throws JwtException (as the Mono's error) what the delegate throws for a token it refuses
   */
  @Override
  public Mono<Jwt> decode(String token) throws JwtException {
    if (token == null) {
      return delegate.decode(null);
    }
    Jwt hit = verified.getIfPresent(token);
    if (hit != null && unexpired(hit)) {
      return Mono.just(hit);
    }
    return delegate.decode(token).doOnNext(jwt -> verified.put(token, jwt));
  }

  private boolean unexpired(Jwt jwt) {
    Instant exp = jwt.getExpiresAt();
    return exp == null || clock.instant().isBefore(exp);
  }
}
