package io.paystream.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The OpenAPI 3.1 document every paystream HTTP service serves at {@code /v3/api-docs} (springdoc),
 * shaped for being read through the gateway, which routes {@code GET /v3/api-docs/<service>} to it:
 *
 * <ul>
 *   <li>title {@code paystream <spring.application.name>}, version from the build info, description
 *       from {@code paystream.openapi.description};
 *   <li>one server with the relative URL {@code /}: the spec is resolved against the address it was
 *       fetched from, so through the gateway the operations point at the gateway, and fetched from
 *       the service itself at the service;
 *   <li>security scheme {@code bearer-jwt} (HTTP bearer, JWT: an OAuth2 {@code client_credentials}
 *       access token from auth-server), required by every operation unless an operation says
 *       otherwise (the SMS provider webhook).
 * </ul>
 *
 * <p>Which operations appear is each service's {@code springdoc.paths-to-match}: the paths the
 * gateway routes to it, not its internal or admin ones. Active when springdoc is on the classpath
 * and {@code springdoc.api-docs.enabled} is not {@code false}; a service's own {@link OpenAPI} bean
 * replaces this one.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
public class OpenApiAutoConfiguration {

  /** The security scheme name operations refer to. */
  public static final String BEARER_JWT = "bearer-jwt";

  @Bean
  @ConditionalOnMissingBean
  OpenAPI paystreamOpenApi(Environment env, ObjectProvider<BuildProperties> build) {
    String service = env.getProperty("spring.application.name", "service");
    BuildProperties info = build.getIfAvailable();
    String version = info == null || info.getVersion() == null ? "dev" : info.getVersion();
    return new OpenAPI()
        .info(
            new Info()
                .title("paystream " + service)
                .version(version)
                .description(env.getProperty("paystream.openapi.description", "")))
        .servers(List.of(new Server().url("/").description("where this document was fetched")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER_JWT,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description(
                            "OAuth2 client_credentials access token from auth-server"
                                + " (POST /oauth2/token); the scopes each operation needs are in"
                                + " its description")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER_JWT));
  }
}
