package io.paystream.notification;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A Google service-account key made up for a test: a fresh RSA key pair and the key file's JSON as
 * the Google Cloud console downloads it ({@code type}, {@code client_email}, {@code private_key} as
 * PKCS#8 PEM, {@code private_key_id}, {@code token_uri}).
 */
public final class TestServiceAccount {

  /** The service account's email ({@code iss} of its assertions). */
  public static final String CLIENT_EMAIL = "fcm-sender@test-project.iam.gserviceaccount.com";

  private final RSAKey key;
  private final String json;

  /** A key whose file names {@code tokenUri} as its {@code token_uri}. */
  public TestServiceAccount(String tokenUri) {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
      String pem =
          "-----BEGIN PRIVATE KEY-----\\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(key.toPrivateKey().getEncoded())
                  .replace("\n", "\\n")
              + "\\n-----END PRIVATE KEY-----\\n";
      json =
          "{\"type\":\"service_account\",\"project_id\":\"test-project\","
              + "\"private_key_id\":\"test-key-1\",\"private_key\":\""
              + pem
              + "\",\"client_email\":\""
              + CLIENT_EMAIL
              + "\",\"client_id\":\"1234567890\",\"token_uri\":\""
              + tokenUri
              + "\"}";
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key pair (its public half verifies the assertions). */
  public RSAKey key() {
    return key;
  }

  /** The key file's JSON. */
  public InputStream json() {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the key file to a temporary file and returns its {@code file:} location. */
  public String writeToTempFile() throws IOException {
    Path file = Files.createTempFile("fcm-service-account", ".json");
    file.toFile().deleteOnExit();
    Files.writeString(file, json);
    return file.toUri().toString();
  }
}
