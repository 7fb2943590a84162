package io.paystream.auth.client;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * Body of {@code POST /admin/clients} (docs/api.md).
 *
 * @param clientId 3–100 characters of {@code [A-Za-z0-9._:-]}; becomes the token's {@code sub}
 * @param clientSecret 8–200 characters; stored only as a BCrypt hash, never returned
 * @param scopes one or more of {@code payments:write}, {@code payments:read}, {@code loyalty:read},
 *     {@code admin}
 * @param merchantId the merchant the client acts for ({@code merchant_id} claim); absent for admin
 *     clients
 * @param tier rate-limit tier: {@code standard} (default), {@code premium} or {@code internal}
 */
public record ClientRequest(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{3,100}") String clientId,
    @NotBlank @Size(min = 8, max = 200) String clientSecret,
    @NotEmpty
        Set<@Pattern(regexp = "payments:write|payments:read|loyalty:read|admin") String> scopes,
    @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}") String merchantId,
    @Pattern(regexp = "standard|premium|internal") String tier) {}
