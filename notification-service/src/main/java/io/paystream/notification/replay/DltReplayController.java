package io.paystream.notification.replay;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator endpoint: {@code POST /admin/dlt/notifications/replay} with {@code {"reason"?, "since"?,
 * "until"?, "limit"?}} (instants in ISO 8601; limit 1..100000, default 10000) → {@code 200
 * {"scanned", "replayed"}}. Invalid input is a 400 {@code application/problem+json}. Admin only:
 * not routed by the gateway's public routes (see the runbook).
 */
@RestController
@RequestMapping("/admin/dlt/notifications")
public class DltReplayController {

  private final DltReplayService replays;

  public DltReplayController(DltReplayService replays) {
    this.replays = replays;
  }

  /**
   * A replay request.
   *
   * @param reason dead-letter reason code to match, e.g. {@code provider-unavailable}
   * @param since earliest dead-letter time (inclusive)
   * @param until latest dead-letter time (exclusive)
   * @param limit most records to re-publish
   */
  public record ReplayRequest(
      @Pattern(regexp = "[a-z0-9-]{1,64}") String reason,
      Instant since,
      Instant until,
      @Min(1) @Max(100_000) Integer limit) {}

  @PostMapping("/replay")
  public Mono<DltReplayService.Result> replay(@Valid @RequestBody Mono<ReplayRequest> request) {
    return request
        .defaultIfEmpty(new ReplayRequest(null, null, null, null))
        .flatMap(
            r ->
                Mono.fromCallable(
                        () ->
                            replays.replay(
                                new DltReplayService.Filter(
                                    r.reason(),
                                    r.since(),
                                    r.until(),
                                    r.limit() == null ? 10_000 : r.limit())))
                    .subscribeOn(Schedulers.boundedElastic()));
  }
}
