package io.paystream.platform.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problems for reactive (WebFlux) services: {@link PaystreamProblemHandler} for handler
 * methods and {@link ProblemWebExceptionHandler} for everything else. Servlet services
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
}
