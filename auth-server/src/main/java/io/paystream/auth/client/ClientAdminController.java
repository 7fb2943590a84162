package io.paystream.auth.client;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client registration API (scope {@code admin}, docs/api.md): {@code POST /admin/clients} → 201
 * with the client (never the secret), {@code GET /admin/clients/{clientId}} → 200 or 404 problem.
 */
@RestController
@RequestMapping("/admin/clients")
public class ClientAdminController {

  private final ClientRegistrationService service;

  public ClientAdminController(ClientRegistrationService service) {
    this.service = service;
  }

  /** Registers a client; 409 problem if the id is taken, 400 problem on invalid input. */
  @PostMapping
  public ResponseEntity<ClientView> register(@Valid @RequestBody ClientRequest request) {
    ClientView view = service.register(request);
    return ResponseEntity.created(URI.create("/admin/clients/" + view.clientId())).body(view);
  }

  /** The registered client, or a 404 problem. */
  @GetMapping("/{clientId}")
  public ClientView find(@PathVariable String clientId) {
    return service
        .find(clientId)
        .orElseThrow(
            () -> {
              ProblemDetail problem =
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.NOT_FOUND, "no client " + clientId + " is registered");
              problem.setType(URI.create("https://paystream.io/problems/not-found"));
              problem.setTitle("Not found");
              return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
            });
  }
}
