package io.paystream.notification.provider.email;

import io.paystream.contracts.event.NotificationChannel;
import io.paystream.notification.provider.NotificationProvider;
import io.paystream.notification.provider.PermanentProviderException;
import io.paystream.notification.provider.TransientProviderException;
import io.paystream.notification.template.RenderedMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Email over SMTP with Spring's {@link JavaMailSender}: a {@code multipart/alternative} message
 * with a text and an HTML part. JavaMail blocks, so the send runs on the bounded-elastic scheduler.
 * An address the server refuses or that does not parse is {@code invalid-recipient} (permanent); a
 * connection or server failure is transient. The provider message id is the {@code Message-ID}.
 */
public final class SmtpEmailClient implements NotificationProvider {

  private final JavaMailSender sender;
  private final EmailProperties properties;

  public SmtpEmailClient(JavaMailSender sender, EmailProperties properties) {
    this.sender = sender;
    this.properties = properties;
  }

  @Override
  public NotificationChannel channel() {
    return NotificationChannel.EMAIL;
  }

  @Override
  public Mono<String> send(String recipient, RenderedMessage message) {
    return Mono.fromCallable(() -> sendBlocking(recipient, message))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private String sendBlocking(String recipient, RenderedMessage message) {
    try {
      MimeMessage mime = sender.createMimeMessage();
      MimeMessageHelper helper =
          new MimeMessageHelper(mime, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(recipient);
      helper.setSubject(message.subject());
      helper.setText(message.text(), message.html());
      mime.setHeader("Content-Language", message.locale().toLanguageTag());
      sender.send(mime);
      return mime.getMessageID();
    } catch (AddressException e) {
      throw new PermanentProviderException("email", "invalid-recipient", e.getMessage(), e);
    } catch (MessagingException | MailPreparationException | MailParseException e) {
      throw new PermanentProviderException("email", "provider-rejected", e.getMessage(), e);
    } catch (MailAuthenticationException e) {
      throw new PermanentProviderException("email", "provider-rejected", e.getMessage(), e);
    } catch (MailException e) {
      if (hasCause(e, SendFailedException.class)) {
        throw new PermanentProviderException("email", "invalid-recipient", e.getMessage(), e);
      }
      throw new TransientProviderException("email", e.getMessage(), null, e);
    }
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c instanceof org.springframework.mail.MailSendException send) {
        for (Exception failed : send.getFailedMessages().values()) {
          if (type.isInstance(failed)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
