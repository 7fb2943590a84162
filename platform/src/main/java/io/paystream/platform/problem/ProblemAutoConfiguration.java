package io.paystream.platform.problem;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * RFC 9457 problems for reactive (WebFlux) services: {@link PaystreamProblemHandler} for handler
 * methods, {@link ProblemWebExceptionHandler} for everything else, and on Reactor Netty {@link
 * EmptyErrorProblemHandler} for the 4xx answers no Spring handler writes. Servlet services
 * (auth-server) keep Spring Boot's MVC problem details ({@code
 * spring.mvc.problemdetails.enabled=true}).
 */
@AutoConfiguration(before = {WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ResponseEntityExceptionHandler.class)
public class ProblemAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
  PaystreamProblemHandler paystreamProblemHandler() {
    return new PaystreamProblemHandler();
  }

  @Bean
  @ConditionalOnMissingBean
  ProblemWebExceptionHandler problemWebExceptionHandler(ServerCodecConfigurer codecs) {
    return new ProblemWebExceptionHandler(codecs);
  }

  /**
   * Reactor Netty servers: {@link EmptyErrorProblemHandler} on every HTTP/1.1 connection, so the
   * 4xx answers written before any Spring handler runs (431, 414, a firewall's 400) are problems
   * too.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HttpServer.class, NettyServerCustomizer.class})
  static class NettyProblems {

    @Bean
    NettyServerCustomizer emptyErrorProblems() {
      return server ->
          server.doOnChannelInit(
              (observer, channel, remoteAddress) -> {
                ChannelPipeline pipeline = channel.pipeline();
                if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null
                    && pipeline.get(EmptyErrorProblemHandler.NAME) == null) {
                  pipeline.addBefore(
                      NettyPipeline.HttpTrafficHandler,
                      EmptyErrorProblemHandler.NAME,
                      new EmptyErrorProblemHandler());
                }
              });
    }
  }
}
