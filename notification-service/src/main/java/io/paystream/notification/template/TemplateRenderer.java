package io.paystream.notification.template;

import com.ibm.icu.text.MessageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders notification templates with ICU {@link MessageFormat} (named arguments such as {@code
 * {merchant}}, plus {@code select}/{@code plural} where a sentence depends on a value).
 *
 * <p>Templates live in UTF-8 property files {@code templates/notifications_<lang>.properties} on
 * the classpath, three keys per template: {@code <id>.subject} (push title, email subject), {@code
 * <id>.text} (SMS, push body, email text part) and optionally {@code <id>.html} (email HTML body;
 * default: the text with line breaks). The HTML part is wrapped in {@code
 * templates/email-layout.html}; in it, every parameter is HTML-escaped.
 *
 * <p>A language without its own file falls back to the default language; a template missing in the
 * default language, or a parameter it names that the request does not carry, is a {@link
 * TemplateException}.
 */
public final class TemplateRenderer {

  private final Map<String, Map<String, MessageFormat>> byLanguage = new HashMap<>();
  private final String defaultLanguage;
  private final String layout;

  /**
   * Loads the templates of the given languages from the classpath.
   *
   * @param languages ISO 639 language codes, e.g. {@code [ko, en]}
   * @param defaultLanguage the fallback language; must be one of {@code languages}
   */
  public TemplateRenderer(List<String> languages, String defaultLanguage) {
    if (!languages.contains(defaultLanguage)) {
      throw new IllegalArgumentException(
          "default language " + defaultLanguage + " not in " + languages);
    }
    this.defaultLanguage = defaultLanguage;
    for (String language : languages) {
      Locale locale = Locale.forLanguageTag(language);
      Properties properties = load("templates/notifications_" + language + ".properties");
      Map<String, MessageFormat> formats = new LinkedHashMap<>();
      for (String key : properties.stringPropertyNames()) {
        formats.put(key, new MessageFormat(properties.getProperty(key), locale));
      }
      byLanguage.put(language, formats);
    }
    this.layout = read("templates/email-layout.html");
  }

  /** The template ids known in the default language. */
  public Set<String> templateIds() {
    Set<String> ids = new TreeSet<>();
    for (String key : byLanguage.get(defaultLanguage).keySet()) {
      ids.add(key.substring(0, key.lastIndexOf('.')));
    }
    return ids;
  }

  /**
   * The supported language for a BCP 47 tag ({@code ko-KR} → {@code ko}); the default language when
   * the tag is {@code null}, blank or not supported.
   */
  public String resolveLanguage(String languageTag) {
    if (languageTag == null || languageTag.isBlank()) {
      return defaultLanguage;
    }
    String language = Locale.forLanguageTag(languageTag.replace('_', '-')).getLanguage();
    return byLanguage.containsKey(language) ? language : defaultLanguage;
  }

  /**
   * Renders a template.
   *
   * @param templateId e.g. {@code payment-approved}
   * @param languageTag BCP 47 tag; unsupported or {@code null} falls back to the default language
   * @param parameters display-ready values by name (never a PAN)
   * @throws TemplateException if the template is unknown or a parameter it uses is missing
   */
  public RenderedMessage render(
      String templateId, String languageTag, Map<String, String> parameters) {
    String language = resolveLanguage(languageTag);
    Map<String, String> args = parameters == null ? Map.of() : parameters;
    MessageFormat subject = format(language, templateId + ".subject");
    MessageFormat text = format(language, templateId + ".text");
    MessageFormat html = optionalFormat(language, templateId + ".html");
    String renderedSubject = apply(templateId, subject, args);
    String renderedText = apply(templateId, text, args);
    Map<String, String> escaped = new HashMap<>();
    args.forEach((k, v) -> escaped.put(k, escapeHtml(v)));
    String body =
        html != null
            ? apply(templateId, html, escaped)
            : escapeHtml(renderedText).replace("\n", "<br>\n");
    String page =
        layout
            .replace("${lang}", language)
            .replace("${subject}", escapeHtml(renderedSubject))
            .replace("${body}", body);
    return new RenderedMessage(
        templateId, Locale.forLanguageTag(language), renderedSubject, renderedText, page);
  }

  private MessageFormat format(String language, String key) {
    MessageFormat format = optionalFormat(language, key);
    if (format == null) {
      throw new TemplateException("unknown template key " + key);
    }
    return format;
  }

  private MessageFormat optionalFormat(String language, String key) {
    MessageFormat format = byLanguage.get(language).get(key);
    return format != null ? format : byLanguage.get(defaultLanguage).get(key);
  }

  private static String apply(String templateId, MessageFormat format, Map<String, String> args) {
    for (String name : format.getArgumentNames()) {
      if (args.get(name) == null) {
        throw new TemplateException(
            "template " + templateId + " needs parameter '" + name + "', which is missing");
      }
    }
    synchronized (format) { // ICU MessageFormat instances are not thread-safe
      return format.format(Map.<String, Object>copyOf(args));
    }
  }

  private static String escapeHtml(String value) {
    return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = open(resource)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  private static String read(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = TemplateRenderer.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + resource);
    }
    return in;
  }
}
