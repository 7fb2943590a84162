package io.paystream.simulator.cardholder;

import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.StatusTracker;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The cardholders of the dataset: polls the SMS sandbox ({@code GET /sandbox/messages?since=}), and
 * answers each verification SMS through the signed provider webhook ({@code POST <smsCallback>},
 * form {@code MessageSid, AccountSid, From, To, Body}, header {@code X-Twilio-Signature}) after
 * {@code replyDelay}: {@code YES <code>} when the held payment is genuine in the data, {@code NO
 * <code>} when it is labelled fraud (the code picks the challenge when the phone has several open).
 * A deterministic share ({@code silentShare}, by message sid) never answers, so those payments
 * should end {@code EXPIRED}.
 *
 * <p>The SMS names no payment id, so it is bound to its payment by what it carries (the
 * verification-api challenge template: {@code <amount> <currency> at <merchant> (<place>) ... YES
 * <code>}): among the recipient's accepted, not yet final payments not already bound to another
 * SMS, those whose amount and currency appear in the text and, when the merchant's name is known,
 * whose merchant name does too; of several, the first payment-api reports as {@code
 * PENDING_VERIFICATION}, else the most recent. The answer carries the code, so verification-api
 * applies it to that SMS's own challenge whatever the binding. A message that matches no payment
 * <em>yet</em> (the SMS can arrive before the simulator sees its payment's 202, e.g. when the
 * accepting request timed out and its retry is still waiting) is kept and matched again at every
 * poll; only one still unmatched after {@code matchWindow} (or at {@link #stop()}) counts as {@code
 * sms-unmatched}. Nothing is ever bound by recency alone.
 */
public final class Cardholder {

  /**
   * @param authToken the SMS account's auth token (HMAC key of the signature)
   * @param accountSid the SMS account sid sent as {@code AccountSid}
   * @param paystreamNumber paystream's sending number, the {@code To} of replies
   * @param replyDelay how long the cardholder takes to answer
   * @param silentShare share of verification SMS never answered, 0..1
   * @param pollInterval how often the sandbox is read
   */
  public record Settings(
      String authToken,
      String accountSid,
      String paystreamNumber,
      Duration replyDelay,
      double silentShare,
      Duration pollInterval) {}

  /** How long an SMS that matches no payment yet is matched again before it is unmatched. */
  public static final Duration MATCH_WINDOW = Duration.ofSeconds(120);

  /** An SMS waiting for its payment to be known. */
  private record Waiting(String sid, String to, String body, long firstSeenNanos) {}

  /** One verification loop as the cardholder saw it. */
  public record Loop(
      String sid,
      String customerId,
      String paymentId,
      boolean fraud,
      String answer,
      int callbackStatus) {}

  private static final Pattern YES_CODE =
      Pattern.compile("YES\\s+(\\d{4,10})", Pattern.CASE_INSENSITIVE);
  private static final Pattern CODE = Pattern.compile("(?<![\\d.,])(\\d{6,10})(?![\\d.,])");

  private final HttpJson http;
  private final Endpoints endpoints;
  private final Settings settings;
  private final Map<String, String> customerByPhone;
  private final Function<String, List<PaymentOutcome>> acceptedByCustomer;
  private final StatusTracker tracker;
  private final Function<String, String> merchantName;
  private final Duration matchWindow;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> boundPayments = ConcurrentHashMap.newKeySet();
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Map<String, Loop> loops = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("cardholder").unstarted(r));
  // Answers wait on their own threads: the poller blocks until a batch's answers are sent, so
  // scheduling them on the poller's single thread would deadlock it.
  private final ScheduledExecutorService answers =
      Executors.newScheduledThreadPool(
          2, r -> Thread.ofPlatform().daemon().name("cardholder-answer").unstarted(r));
  private volatile String since = Instant.now().minusSeconds(1).toString();

  /**
   * @param customerByPhone E.164 phone → customer id
   * @param acceptedByCustomer a customer's accepted payments so far
   */
  public Cardholder(
      HttpJson http,
      Endpoints endpoints,
      Settings settings,
      Map<String, String> customerByPhone,
      Function<String, List<PaymentOutcome>> acceptedByCustomer,
      StatusTracker tracker) {
    this(
        http,
        endpoints,
        settings,
        customerByPhone,
        acceptedByCustomer,
        tracker,
        merchantId -> null,
        MATCH_WINDOW);
  }

  /**
   * @param customerByPhone E.164 phone → customer id
   * @param acceptedByCustomer a customer's accepted payments so far
   * @param merchantName merchant id → the name registered (and so printed in the SMS), or {@code
   *     null} when unknown (then only amount and currency bind)
   * @param matchWindow how long an SMS matching no payment yet is matched again
   */
  public Cardholder(
      HttpJson http,
      Endpoints endpoints,
      Settings settings,
      Map<String, String> customerByPhone,
      Function<String, List<PaymentOutcome>> acceptedByCustomer,
      StatusTracker tracker,
      Function<String, String> merchantName,
      Duration matchWindow) {
    this.http = http;
    this.endpoints = endpoints;
    this.settings = settings;
    this.customerByPhone = customerByPhone;
    this.acceptedByCustomer = acceptedByCustomer;
    this.tracker = tracker;
    this.merchantName = merchantName;
    this.matchWindow = matchWindow;
  }

  /** Starts watching messages sent from now on. */
  public void start() {
    since = Instant.now().minusSeconds(1).toString();
    long period = settings.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::pollSafely, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops watching (answers already scheduled are dropped); messages still waiting for their
   * payment are counted {@code sms-unmatched}.
   */
  public void stop() {
    scheduler.shutdownNow();
    answers.shutdownNow();
    for (Waiting w : List.copyOf(waiting.values())) {
      if (waiting.remove(w.sid()) != null) {
        unmatched(w.sid(), customerByPhone.get(w.to()));
      }
    }
  }

  /** SMS received that match no payment yet and are still being matched. */
  public int waitingForPayment() {
    return waiting.size();
  }

  /** Counters: {@code sms-received}, {@code answered-yes}, {@code answered-no}, ... */
  public Map<String, Long> counters() {
    Map<String, Long> m = new TreeMap<>();
    counters.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Loops by message sid. */
  public List<Loop> loops() {
    return List.copyOf(loops.values());
  }

  private void count(String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private void pollSafely() {
    try {
      poll().join();
    } catch (RuntimeException e) {
      count("sandbox-poll-failed");
    }
  }

  /** Reads new messages once and handles each (visible for tests). */
  public CompletableFuture<Void> poll() {
    HttpRequest request =
        http.request(
                endpoints.sms(
                    "/sandbox/messages?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)))
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.send(request)
        .thenCompose(
            response -> {
              if (response.statusCode() != 200) {
                count("sandbox-poll-failed");
                return CompletableFuture.completedFuture(null);
              }
              List<CompletableFuture<Void>> handled = new ArrayList<>();
              for (Waiting w : List.copyOf(waiting.values())) {
                handled.add(retry(w));
              }
              for (JsonNode message : HttpJson.parse(response.body())) {
                String sid = message.path("sid").asString("");
                String receivedAt = message.path("receivedAt").asString(null);
                if (receivedAt != null && receivedAt.compareTo(since) > 0) {
                  since = receivedAt;
                }
                if (sid.isEmpty() || !seen.add(sid)) {
                  continue;
                }
                handled.add(
                    handle(
                        sid, message.path("to").asString(""), message.path("body").asString("")));
              }
              return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new));
            });
  }

  private CompletableFuture<Void> handle(String sid, String to, String body) {
    String customerId = customerByPhone.get(to);
    if (customerId == null) {
      count("sms-to-unknown-number");
      return CompletableFuture.completedFuture(null);
    }
    String code = code(body);
    if (code == null) {
      count("sms-without-code");
      return CompletableFuture.completedFuture(null);
    }
    count("sms-received");
    return bindAndAnswer(new Waiting(sid, to, body, System.nanoTime()), customerId, code);
  }

  /** Matches a waiting SMS again; counts it unmatched once its window has passed. */
  private CompletableFuture<Void> retry(Waiting w) {
    if (waiting.remove(w.sid()) == null) {
      return CompletableFuture.completedFuture(null);
    }
    return bindAndAnswer(w, customerByPhone.get(w.to()), code(w.body()));
  }

  private void unmatched(String sid, String customerId) {
    count("sms-unmatched");
    loops.put(sid, new Loop(sid, customerId, null, false, "UNMATCHED", 0));
  }

  private CompletableFuture<Void> bindAndAnswer(Waiting w, String customerId, String code) {
    String sid = w.sid();
    String to = w.to();
    return findHeldPayment(customerId, w.body())
        .thenCompose(
            payment -> {
              if (payment == null) {
                if (System.nanoTime() - w.firstSeenNanos() < matchWindow.toNanos()) {
                  waiting.put(sid, w); // its payment may not be known yet: match again later
                } else {
                  unmatched(sid, customerId);
                }
                return CompletableFuture.completedFuture(null);
              }
              if (!boundPayments.add(payment.paymentId())) {
                waiting.put(sid, w); // raced with another SMS for the same payment
                return CompletableFuture.completedFuture(null);
              }
              tracker.markHeld(payment.paymentId());
              boolean fraud = payment.transaction().fraud();
              if (silent(sid)) {
                count("silent");
                loops.put(sid, new Loop(sid, customerId, payment.paymentId(), fraud, "SILENT", 0));
                return CompletableFuture.completedFuture(null);
              }
              String reply = (fraud ? "NO " : "YES ") + code;
              String phone = to;
              CompletableFuture<Void> answered = new CompletableFuture<>();
              answers.schedule(
                  () ->
                      reply(sid, customerId, phone, payment, reply)
                          .whenComplete((v, e) -> answered.complete(null)),
                  settings.replyDelay().toMillis(),
                  TimeUnit.MILLISECONDS);
              return answered;
            });
  }

  private CompletableFuture<Void> reply(
      String sid, String customerId, String phone, PaymentOutcome payment, String reply) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", "SM" + sid.hashCode() + "r" + Long.toHexString(System.nanoTime()));
    form.put("AccountSid", settings.accountSid());
    form.put("From", phone);
    form.put("To", settings.paystreamNumber());
    form.put("Body", reply);
    String url = endpoints.smsCallback().toString();
    HttpRequest request =
        http.request(endpoints.smsCallback())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", TwilioSignature.sign(settings.authToken(), url, form))
            .POST(HttpRequest.BodyPublishers.ofString(HttpJson.form(form)))
            .build();
    String answer = reply.startsWith("YES") ? "YES" : "NO";
    return http.send(request)
        .handle(
            (response, error) -> {
              int status = error != null ? 0 : response.statusCode();
              count(
                  status / 100 == 2
                      ? "answered-" + answer.toLowerCase(Locale.ROOT)
                      : "callback-failed");
              loops.put(
                  sid,
                  new Loop(
                      sid,
                      customerId,
                      payment.paymentId(),
                      payment.transaction().fraud(),
                      answer,
                      status));
              return null;
            });
  }

  private CompletableFuture<PaymentOutcome> findHeldPayment(String customerId, String body) {
    List<PaymentOutcome> ordered =
        acceptedByCustomer.apply(customerId).stream()
            .filter(o -> o.paymentId() != null && !boundPayments.contains(o.paymentId()))
            .filter(
                o -> {
                  StatusTracker.Tracked t = tracker.get(o.paymentId());
                  return t == null || !t.isFinal();
                })
            .filter(o -> carries(body, o))
            .sorted(Comparator.comparing(PaymentOutcome::acceptedAt).reversed())
            .toList();
    if (ordered.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (ordered.size() == 1) {
      return CompletableFuture.completedFuture(ordered.getFirst());
    }
    return firstPending(ordered, 0, Math.min(ordered.size(), 5));
  }

  /**
   * Whether an SMS text carries this payment: its amount as a whole number token (not part of a
   * longer one), its currency code and, when known, its merchant's registered name.
   */
  boolean carries(String body, PaymentOutcome payment) {
    Transaction t = payment.transaction();
    String amount = Pattern.quote(t.amount().decimal());
    if (!Pattern.compile("(?<![\\d.,])" + amount + "(?![\\d]|[.,]\\d)").matcher(body).find()) {
      return false;
    }
    if (!body.contains(t.amount().currency().getCurrencyCode())) {
      return false;
    }
    String merchant = merchantName.apply(t.merchantId());
    return merchant == null || merchant.isBlank() || body.contains(merchant);
  }

  private CompletableFuture<PaymentOutcome> firstPending(
      List<PaymentOutcome> list, int i, int max) {
    if (i >= max) {
      return CompletableFuture.completedFuture(list.getFirst());
    }
    return tracker
        .refresh(list.get(i).paymentId())
        .thenCompose(
            t ->
                t != null && "PENDING_VERIFICATION".equals(t.status())
                    ? CompletableFuture.completedFuture(list.get(i))
                    : firstPending(list, i + 1, max));
  }

  /** The one-time code in a verification SMS: after {@code YES}, else a lone 6–10 digit group. */
  static String code(String body) {
    Matcher yes = YES_CODE.matcher(body);
    if (yes.find()) {
      return yes.group(1);
    }
    Matcher any = CODE.matcher(body);
    String last = null;
    while (any.find()) {
      last = any.group(1);
    }
    return last;
  }

  /** Deterministic by message sid: the same run data gives the same silent set. */
  boolean silent(String sid) {
    if (settings.silentShare() <= 0) {
      return false;
    }
    long h = Integer.toUnsignedLong(sid.hashCode() * 0x9E3779B9);
    return (h % 10_000) < settings.silentShare() * 10_000;
  }
}
