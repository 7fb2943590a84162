package io.paystream.payment.support;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts what the application sends to PostgreSQL through its R2DBC {@link ConnectionFactory}
 * (r2dbc-proxy): every executed statement by its first keyword ({@code INSERT}, {@code WITH},
 * {@code SELECT}, ...) and every {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK} the connection
 * issues. Register it as a bean post-processor in a test configuration.
 */
public class StatementCounter implements BeanPostProcessor, ProxyExecutionListener {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ConnectionFactory factory && "connectionFactory".equals(beanName)) {
      return ProxyConnectionFactory.builder(factory).listener(this).build();
    }
    return bean;
  }

  @Override
  public void afterQuery(QueryExecutionInfo execution) {
    for (QueryInfo query : execution.getQueries()) {
      String sql = query.getQuery().stripLeading();
      int end = 0;
      while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
        end++;
      }
      count(sql.substring(0, end).toUpperCase(Locale.ROOT));
    }
  }

  @Override
  public void beforeMethod(MethodExecutionInfo execution) {
    switch (execution.getMethod().getName()) {
      case "beginTransaction" -> count("BEGIN");
      case "commitTransaction" -> count("COMMIT");
      case "rollbackTransaction" -> count("ROLLBACK");
      default -> {}
    }
  }

  private void count(String kind) {
    counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  /** Forgets everything counted so far. */
  public void reset() {
    counts.clear();
  }

  /** Counts by kind, sorted. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** Everything counted. */
  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
