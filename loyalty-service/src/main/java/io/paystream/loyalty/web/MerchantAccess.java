package io.paystream.loyalty.web;

import io.paystream.platform.problem.PaystreamProblem;
import io.paystream.platform.problem.ProblemTypes;
import java.util.Collection;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Object-level authorization on {@code /v1/merchants/{id}/…}: a merchant client (token claim {@code
 * merchant_id}) sees only its own merchant; any other id answers 404 {@code not-found}, so a client
 * cannot probe which merchants exist. Admin tokens (scope {@code admin}) may read any.
 */
public final class MerchantAccess {

  /** JWT claim naming the merchant a client acts for. */
  public static final String MERCHANT_CLAIM = "merchant_id";

  private MerchantAccess() {}

  /** Passes when the token's {@code merchant_id} is {@code merchantId}; else a 404 problem. */
  public static void requireOwn(Jwt jwt, String merchantId) {
    if (jwt == null || !merchantId.equals(jwt.getClaimAsString(MERCHANT_CLAIM))) {
      throw notFound(merchantId);
    }
  }

  /** As {@link #requireOwn}, but an admin token passes for any merchant. */
  public static void requireOwnOrAdmin(Jwt jwt, String merchantId) {
    if (!isAdmin(jwt)) {
      requireOwn(jwt, merchantId);
    }
  }

  /** Whether the token carries scope {@code admin}. */
  public static boolean isAdmin(Jwt jwt) {
    if (jwt == null) {
      return false;
    }
    Object scope = jwt.getClaims().get("scope");
    if (scope instanceof String s) {
      return java.util.Arrays.asList(s.split(" ")).contains("admin");
    }
    if (scope instanceof Collection<?> c) {
      return c.contains("admin");
    }
    Object scp = jwt.getClaims().get("scp");
    return scp instanceof Collection<?> c && c.contains("admin");
  }

  private static PaystreamProblem notFound(String merchantId) {
    return new PaystreamProblem(
        HttpStatus.NOT_FOUND,
        ProblemTypes.NOT_FOUND,
        "Not found",
        "No merchant " + merchantId + " for this client");
  }
}
