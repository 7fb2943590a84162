package io.paystream.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmptyErrorProblemHandlerTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static FullHttpResponse empty(HttpResponseStatus status) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.buffer(0));
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
    return r;
  }

  static FullHttpResponse through(HttpMethod method, FullHttpResponse response) {
    EmbeddedChannel channel = new EmbeddedChannel(new EmptyErrorProblemHandler());
    if (method != null) {
      channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x"));
      channel.<Object>readInbound();
    }
    channel.writeOutbound(response);
    return channel.readOutbound();
  }

  @Test
  void givesAnEmpty431414Or400AProblemBodyWhoseStatusIsTheResponses() {
    for (HttpResponseStatus status :
        new HttpResponseStatus[] {
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          HttpResponseStatus.REQUEST_URI_TOO_LONG,
          HttpResponseStatus.BAD_REQUEST
        }) {
      FullHttpResponse out = through(null, empty(status));

      assertThat(out.status()).isEqualTo(status);
      assertThat(out.headers().get(HttpHeaderNames.CONTENT_TYPE))
          .isEqualTo("application/problem+json");
      String body = out.content().toString(StandardCharsets.UTF_8);
      assertThat(out.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
          .isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
      assertThat(out.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      JsonNode problem = JSON.readTree(body);
      assertThat(problem.get("status").intValue()).isEqualTo(status.code());
      assertThat(problem.get("type").stringValue())
          .isEqualTo(
              ProblemTypes.of(
                      ProblemTypes.slugFor(
                          org.springframework.http.HttpStatusCode.valueOf(status.code())))
                  .toString());
      assertThat(problem.get("title").stringValue()).isNotBlank();
      out.release();
    }
  }

  @Test
  void leavesBodiesTypedAnswersOtherStatusesAndHeadAlone() {
    FullHttpResponse typed = empty(HttpResponseStatus.NOT_FOUND);
    typed.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
    assertThat(through(null, typed).content().isReadable()).isFalse();

    FullHttpResponse withBody =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.BAD_REQUEST,
            Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
    assertThat(through(null, withBody).content().toString(StandardCharsets.UTF_8)).isEqualTo("x");

    assertThat(through(null, empty(HttpResponseStatus.NO_CONTENT)).content().isReadable())
        .isFalse();
    assertThat(through(null, empty(HttpResponseStatus.SERVICE_UNAVAILABLE)).content().isReadable())
        .isFalse();
    assertThat(
            through(HttpMethod.HEAD, empty(HttpResponseStatus.BAD_REQUEST)).content().isReadable())
        .isFalse();
    assertThat(
            through(HttpMethod.GET, empty(HttpResponseStatus.BAD_REQUEST)).content().isReadable())
        .isTrue();
  }
}
