package io.github.sslstarter.client.mail;

import java.util.Properties;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * Spring's {@link JavaMailSenderImpl} through a context, in one line:
 * <pre>{@code
 * MailSenders.apply(sender, contexts.socketFactory("mail"));
 * }</pre>
 * The sender's Jakarta Mail properties for its protocol get what {@link JakartaMail#apply} sets
 * (the context's factory, no fallback, the context's scheme as the only identity check), and the
 * sender's session is made anew from them. With {@code spring.mail.ssl.bundle} naming a context,
 * the starter does this to Spring Boot's own sender.
 */
public final class MailSenders {

	private MailSenders() {
	}

	/** Makes {@code sender}'s TLS connections go through {@code sockets}; see {@link JakartaMail#apply}. */
	public static JavaMailSenderImpl apply(JavaMailSenderImpl sender, SslSocketFactory sockets) {
		Properties properties = new Properties();
		properties.putAll(sender.getJavaMailProperties());
		String protocol = (sender.getProtocol() != null) ? sender.getProtocol() : "smtp";
		sender.setJavaMailProperties(JakartaMail.apply(properties, protocol, sockets));
		return sender;
	}

}
