package io.paystream.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedJwtCacheTest {

  private static RSAKey signingKey;
  private static RSAKey otherKey;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private Instant now;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final AtomicInteger verifications = new AtomicInteger();
  private VerifiedJwtCache cache;

  @BeforeAll
  static void keys() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @BeforeEach
  void decoder() throws Exception {
    now = Instant.now();
    NimbusReactiveJwtDecoder nimbus =
        NimbusReactiveJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
    timestamps.setClock(clock);
    nimbus.setJwtValidator(timestamps);
    ReactiveJwtDecoder counting =
        token ->
            Mono.defer(() -> nimbus.decode(token))
                .doOnSubscribe(s -> verifications.incrementAndGet());
    cache = new VerifiedJwtCache(counting, 100, Duration.ofMinutes(5), clock, ticker);
  }

  private String token(RSAKey key, Instant exp) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject("pos-1")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void aTokenIsVerifiedOnceAndThenAnsweredFromTheCache() throws Exception {
    String token = token(signingKey, now.plus(Duration.ofMinutes(10)));

    Jwt first = cache.decode(token).block();
    Jwt second = cache.decode(token).block();

    assertThat(verifications).hasValue(1);
    assertThat(second.getSubject()).isEqualTo("pos-1");
    assertThat(second).isSameAs(first);
  }

  @Test
  void aForgedTokenIsNeverCachedAndRefusedEveryTime() throws Exception {
    String forged = token(otherKey, now.plus(Duration.ofMinutes(10)));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(JwtException.class);
    }

    assertThat(verifications).hasValue(3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aCachedTokenPastItsExpiryIsVerifiedAgainAndRefused() throws Exception {
    String token = token(signingKey, now.plus(Duration.ofMinutes(2)));
    cache.decode(token).block();

    now = now.plus(Duration.ofMinutes(3));

    assertThatThrownBy(() -> cache.decode(token).block()).isInstanceOf(JwtException.class);
    assertThat(verifications).hasValue(2);
  }

  @Test
  void aTokenIsTrustedWithoutVerificationAtMostMaxTtl() throws Exception {
    String token = token(signingKey, now.plus(Duration.ofHours(1)));
    cache.decode(token).block();
    cache.decode(token).block();
    assertThat(verifications).hasValue(1);

    nanos.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
    cache.decode(token).block();

    assertThat(verifications).hasValue(2);
  }

  @Test
  void everyDecoderBeanIsWrappedUnlessDisabled() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JwtCacheAutoConfiguration.class))
            .withBean(
                ReactiveJwtDecoder.class,
                () -> token -> Mono.error(new JwtException("not this one")));

    runner.run(
        context ->
            assertThat(context.getBean(ReactiveJwtDecoder.class))
                .isInstanceOf(VerifiedJwtCache.class));
    runner
        .withPropertyValues("paystream.security.jwt-cache.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(ReactiveJwtDecoder.class))
                    .isNotInstanceOf(VerifiedJwtCache.class));
  }
}
