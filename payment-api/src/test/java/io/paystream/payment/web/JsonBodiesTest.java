package io.paystream.payment.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonBodiesTest {

  final JsonBodies bodies = new JsonBodies(JsonMapper.builder().build());

  @Test
  void refusesADuplicateMemberNameAtAnyDepthWithoutEchoingTheBody() {
    // given: the second "amount" would silently win in a lenient parser
    String top = "{\"amount\":\"1.00\",\"currency\":\"USD\",\"amount\":\"9999.00\"}";
    String nested = "{\"card\":{\"pan\":\"4242424242424242\",\"pan\":\"5555555555554444\"}}";

    // when
    PaystreamProblem first = catchThrowableOfType(PaystreamProblem.class, () -> bodies.parse(top));
    PaystreamProblem second =
        catchThrowableOfType(PaystreamProblem.class, () -> bodies.parse(nested));

    // then
    assertThat(first).isNotNull();
    assertThat(JsonBodies.errors(first))
        .containsExactly(new FieldError("body", "has a duplicate member name"));
    assertThat(second).isNotNull();
    assertThat(JsonBodies.errors(second))
        .containsExactly(new FieldError("body", "has a duplicate member name"));
    assertThat(second.getBody().toString()).doesNotContain("4242424242424242");
  }

  @Test
  void tellsBrokenJsonAndAMissingBodyApart() {
    assertThat(
            JsonBodies.errors(
                catchThrowableOfType(PaystreamProblem.class, () -> bodies.parse("{\"a\":"))))
        .isEqualTo(List.of(new FieldError("body", "is not valid JSON")));
    assertThat(
            JsonBodies.errors(
                catchThrowableOfType(PaystreamProblem.class, () -> bodies.parse(" "))))
        .isEqualTo(List.of(new FieldError("body", "is required")));
  }

  @Test
  void namesTheFieldOfANumberOverTheParsersLengthLimit() {
    String body = "{\"location\":{\"lat\":1,\"lon\":" + "9".repeat(1500) + "}}";

    PaystreamProblem problem =
        catchThrowableOfType(PaystreamProblem.class, () -> bodies.parse(body));

    assertThat(JsonBodies.errors(problem))
        .containsExactly(
            new FieldError("location.lon", "is a number of more than 1000 characters"));
    assertThat(
            JsonBodies.errors(
                catchThrowableOfType(
                    PaystreamProblem.class,
                    () -> bodies.parse("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"))))
        .containsExactly(new FieldError("body", "is nested more than 500 levels deep"));
  }

  @Test
  void acceptsTheSameNameInDifferentObjects() {
    assertThat(bodies.parse("{\"a\":{\"x\":1},\"b\":{\"x\":2}}").get("b").get("x").intValue())
        .isEqualTo(2);
  }
}
