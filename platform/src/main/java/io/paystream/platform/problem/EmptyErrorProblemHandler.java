package io.paystream.platform.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Reactor Netty channel handler, between the HTTP codec and Reactor Netty's HTTP traffic handler,
 * that turns every <em>empty</em> 4xx response into an RFC 9457 {@code application/problem+json}
 * body whose {@code status} is the response's.
 *
 * <p>Why at the Netty level: some 4xx answers are written before or around any Spring handler, so
 * neither {@link PaystreamProblemHandler} nor {@link ProblemWebExceptionHandler} sees them, and
 * they go out with an empty body:
 *
 * <ul>
 *   <li>Reactor Netty's request decoding failures ({@code HttpServerOperations
 *       .sendDecodingFailures}): 431 for header fields over {@code
 *       server.max-http-request-header-size} (8 KB), 414 for a request line over {@code
 *       server.netty.max-initial-line-length} (4 KB), 400 for anything else it cannot parse;
 *   <li>Spring Security's firewall ({@code StrictServerWebExchangeFirewall}: an encoded NUL, {@code
 *       ..}, an encoded slash or percent in the path), answered 400 by its default {@code
 *       HttpStatusExchangeRejectedHandler};
 *   <li>Spring's {@code ReactorHttpHandlerAdapter} for a request URI that {@code java.net.URI}
 *       refuses (e.g. {@code %ZZ}), answered 400.
 * </ul>
 *
 * A response with a body or a {@code Content-Type}, any non-4xx response and the answer to a {@code
 * HEAD} request are left alone. The detail never quotes the request (a path or header may hold a
 * card number). One instance per connection (it remembers the request's method).
 */
public final class EmptyErrorProblemHandler extends ChannelDuplexHandler {

  /** The handler's name in the channel pipeline. */
  public static final String NAME = "paystream.emptyErrorProblems";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpMethod method;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      method = request.method();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof FullHttpResponse response && needsProblem(response)) {
      int status = response.status().code();
      byte[] body = problem(status);
      FullHttpResponse replaced = response.replace(Unpooled.wrappedBuffer(body));
      response.release();
      replaced
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      ctx.write(replaced, promise);
      return;
    }
    ctx.write(msg, promise);
  }

  private boolean needsProblem(FullHttpResponse response) {
    int status = response.status().code();
    return status >= 400
        && status < 500
        && !response.content().isReadable()
        && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
        && !HttpMethod.HEAD.equals(method);
  }

  /** The problem body for an empty answer of {@code status}. */
  static byte[] problem(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "type", ProblemTypes.of(ProblemTypes.slugFor(HttpStatusCode.valueOf(status))).toString());
    body.put("title", known != null ? known.getReasonPhrase() : "Client error");
    body.put("status", status);
    body.put("detail", detail(status));
    return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
  }

  private static String detail(int status) {
    return switch (status) {
      case 400 ->
          "The request is not well-formed HTTP, or its URL is not accepted (for example an"
              + " encoded NUL, '..', or an encoded slash or percent sign in the path).";
      case 414 -> "The request line (method, path and query) is longer than the server accepts.";
      case 431 -> "The request's header fields are larger than the server accepts.";
      default -> "The request was refused before it reached the application.";
    };
  }
}
