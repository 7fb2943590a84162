package io.paystream.verification.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChallengeTest {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  final OneTimeCodes codes = new OneTimeCodes(KEY, new SecureRandom());
  final ChallengeRules rules = ChallengeRules.DEFAULT;
  final Instant t0 = Instant.parse("2026-11-21T05:35:00Z");
  final UUID id = UUID.randomUUID();

  /** fds holds for 10 minutes from t0 (its default timeout). */
  final Instant holdExpiresAt = t0.plus(Duration.ofMinutes(10));

  Challenge openWith(String code) {
    return Challenge.open(
        id,
        "pay-1",
        "k1_card",
        "cus-1",
        "+14155550100",
        codes.hash(id, code),
        t0,
        rules,
        rules.answerDeadline(holdExpiresAt, t0));
  }

  @Test
  void resendsNeverKeepAChallengeOpenPastFdsHold() {
    // given fds holds the payment until t0 + 10 min; answers stop one minute before
    Challenge c = openWith("111111");
    assertThat(c.answerDeadline()).isEqualTo(t0.plus(Duration.ofMinutes(9)));
    assertThat(c.expiresAt()).isEqualTo(t0.plus(Duration.ofMinutes(5)));

    // when the cardholder asks for new codes at 4 and 8 minutes
    Challenge first = c.reissue(codes.hash(id, "222222"), t0.plus(Duration.ofMinutes(4)), rules);
    Challenge second =
        first.reissue(codes.hash(id, "333333"), t0.plus(Duration.ofMinutes(8)), rules);

    // then the codes expire at the deadline at the latest, and an answer after it is EXPIRED
    assertThat(first.expiresAt()).isEqualTo(t0.plus(Duration.ofMinutes(9)));
    assertThat(second.expiresAt()).isEqualTo(t0.plus(Duration.ofMinutes(9)));
    Challenge.Answered late =
        second.answer(new Reply.Yes("333333"), "APP", t0.plus(Duration.ofMinutes(9)), codes, rules);
    assertThat(late.result()).isEqualTo(AnswerResult.EXPIRED);
    assertThat(late.next().status()).isEqualTo(ChallengeStatus.EXPIRED);
  }

  @Test
  void withoutAHoldDeadlineTheChallengeEndsWithItsFirstCode() {
    // an event from an fds-service older than holdExpiresAt
    Instant deadline = rules.answerDeadline(null, t0);
    Challenge c =
        Challenge.open(
            id, "pay-1", "k1_card", "cus-1", null, codes.hash(id, "1"), t0, rules, deadline);

    Challenge resent = c.reissue(codes.hash(id, "2"), t0.plus(Duration.ofMinutes(4)), rules);

    assertThat(resent.expiresAt()).isEqualTo(t0.plus(rules.validity()));
  }

  @Test
  void aRequestArrivingAfterItsDeadlineOpensAlreadyExpired() {
    Instant deadline = rules.answerDeadline(t0.plusSeconds(30), t0);

    Challenge c =
        Challenge.open(
            id, "pay-1", "k1_card", "cus-1", null, codes.hash(id, "1"), t0, rules, deadline);

    assertThat(c.isPastValidity(t0)).isTrue();
    assertThat(c.expireIfDue(t0).status()).isEqualTo(ChallengeStatus.EXPIRED);
  }

  @Test
  void approvesTheRightCodeAndBurnsIt() {
    Challenge c = openWith("042917");

    Challenge.Answered a =
        c.answer(new Reply.Yes("042917"), "SMS", t0.plusSeconds(30), codes, rules);

    assertThat(a.result()).isEqualTo(AnswerResult.APPROVED);
    assertThat(a.next().status()).isEqualTo(ChallengeStatus.APPROVED);
    assertThat(a.next().codeHash()).isNull();
    assertThat(a.next().method()).isEqualTo("SMS");
    assertThat(a.completed()).isTrue();
  }

  @Test
  void rejectsOnNo() {
    Challenge.Answered a = openWith("111111").answer(new Reply.No(), "APP", t0, codes, rules);

    assertThat(a.result()).isEqualTo(AnswerResult.REJECTED);
    assertThat(a.next().status()).isEqualTo(ChallengeStatus.REJECTED);
  }

  @Test
  void countsWrongCodesAndSaysHowManyRemain() {
    Challenge.Answered a =
        openWith("111111").answer(new Reply.Yes("222222"), "SMS", t0, codes, rules);

    assertThat(a.result()).isEqualTo(AnswerResult.WRONG_CODE);
    assertThat(a.next().failedAttempts()).isEqualTo(1);
    assertThat(a.remainingAttempts()).isEqualTo(4);
    assertThat(a.next().status()).isEqualTo(ChallengeStatus.OPEN);
  }

  @Test
  void locksAfterFiveWrongCodesAndRefusesTheRightOneAfterwards() {
    Challenge c = openWith("111111");
    Challenge.Answered a = null;
    for (int i = 0; i < 5; i++) {
      a = c.answer(new Reply.Yes("99999" + i), "SMS", t0, codes, rules);
      c = a.next();
    }

    assertThat(a.result()).isEqualTo(AnswerResult.LOCKED);
    assertThat(c.status()).isEqualTo(ChallengeStatus.LOCKED);
    assertThat(c.codeHash()).isNull();
    assertThat(c.failedAttempts()).isEqualTo(5);
    Challenge.Answered sixth = c.answer(new Reply.Yes("111111"), "SMS", t0, codes, rules);
    assertThat(sixth.result()).isEqualTo(AnswerResult.NOT_OPEN);
    assertThat(sixth.next()).isSameAs(c);
  }

  @Test
  void helpDoesNotCountAnAttempt() {
    Challenge c = openWith("111111");

    Challenge.Answered a = c.answer(new Reply.Unparseable(), "SMS", t0, codes, rules);

    assertThat(a.result()).isEqualTo(AnswerResult.HELP);
    assertThat(a.next().failedAttempts()).isZero();
    assertThat(a.remainingAttempts()).isEqualTo(5);
  }

  @Test
  void expiresAtTheEndOfValidityEvenWithTheRightCode() {
    Challenge c = openWith("111111");

    Challenge.Answered a =
        c.answer(new Reply.Yes("111111"), "SMS", t0.plus(Duration.ofMinutes(5)), codes, rules);

    assertThat(a.result()).isEqualTo(AnswerResult.EXPIRED);
    assertThat(a.next().status()).isEqualTo(ChallengeStatus.EXPIRED);
    assertThat(a.next().method()).isEqualTo("NONE");
  }

  @Test
  void sweeperExpiresOnlyDueOpenChallenges() {
    Challenge c = openWith("111111");

    assertThat(c.expireIfDue(t0.plus(Duration.ofMinutes(4)))).isSameAs(c);
    assertThat(c.expireIfDue(t0.plus(Duration.ofMinutes(5))).status())
        .isEqualTo(ChallengeStatus.EXPIRED);
  }

  @Test
  void reissueKeepsTheAttemptCounter() {
    Challenge c =
        openWith("111111").answer(new Reply.Yes("000000"), "SMS", t0, codes, rules).next();

    Challenge re = c.reissue(codes.hash(id, "222222"), t0.plusSeconds(90), rules);

    assertThat(re.failedAttempts()).isEqualTo(1);
    assertThat(re.expiresAt()).isEqualTo(t0.plusSeconds(90).plus(Duration.ofMinutes(5)));
    assertThat(codes.matches(id, "222222", re.codeHash())).isTrue();
    assertThat(codes.matches(id, "111111", re.codeHash())).isFalse();
  }

  @Test
  void validityIsCappedAtTenMinutes() {
    assertThat(new ChallengeRules(Duration.ofMinutes(10), 5).validity())
        .isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> new ChallengeRules(Duration.ofMinutes(11), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NIST");
    assertThatThrownBy(() -> new ChallengeRules(Duration.ZERO, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
