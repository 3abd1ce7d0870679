package io.github.sslstarter.client.mail;

import java.util.Properties;

import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslSocketFactory;

/**
 * Jakarta Mail (Angus Mail) through a context: the session properties that make a protocol's
 * TLS connections, implicit (SMTPS, {@code mail.smtp.ssl.enable}) and STARTTLS alike, go through
 * the context's {@link SslSocketFactory} and nothing else:
 * <pre>{@code
 * Properties props = new Properties();
 * props.put("mail.smtp.host", "mail.example.org");
 * props.put("mail.smtp.ssl.enable", "true");                  // or mail.smtp.starttls.enable
 * JakartaMail.apply(props, "smtp", contexts.socketFactory("mail"));
 * Session session = Session.getInstance(props);
 * }</pre>
 * What it sets for {@code mail.<protocol>}:
 * <ul>
 * <li>{@code ssl.socketFactory}: the context's factory (an instance wins over every
 * {@code *.socketFactory.class});</li>
 * <li>{@code socketFactory.fallback=false}: Angus Mail's default retries a refused connection
 * with the JVM's default socket factory, which bypasses the context;</li>
 * <li>{@code ssl.checkserveridentity=false}: Angus Mail's own check (the JDK's LDAP rule) would
 * run beside the context's scheme and refuse what the scheme accepts; the scheme verifies the
 * server's name inside the handshake instead;</li>
 * <li>{@code starttls.required=true} when STARTTLS is enabled and nothing says otherwise: a
 * server (or a man in the middle) that does not offer STARTTLS would otherwise get the message in
 * plaintext.</li>
 * </ul>
 * A configuration that would leave the context unused or bypassed is refused with an
 * {@link SslConfigurationException}: no TLS at all (neither {@code ssl.enable}, the
 * {@code smtps} protocol nor {@code starttls.enable}), or {@code ssl.trust} (with which Angus
 * Mail makes its own trust-some-hosts factory instead of using the one given).
 */
public final class JakartaMail {

	private JakartaMail() {
	}

	/**
	 * Makes {@code protocol}'s TLS connections in {@code properties} go through {@code sockets}.
	 * @param protocol the Jakarta Mail protocol: {@code smtp}, {@code smtps}, {@code imap},
	 * {@code imaps}, {@code pop3}, {@code pop3s}
	 * @throws SslConfigurationException when the properties would leave the context unused or
	 * bypassed
	 */
	public static Properties apply(Properties properties, String protocol, SslSocketFactory sockets) {
		String prefix = "mail." + protocol + ".";
		String trust = properties.getProperty(prefix + "ssl.trust");
		if (trust != null) {
			throw new SslConfigurationException(prefix + "ssl.trust",
					"Jakarta Mail would trust '" + trust + "' with a socket factory of its own, bypassing TLS context '"
							+ sockets.contextFactory().name() + "'",
					"remove it and trust the server's CA in the context (trust.ca-file, trust.ca-path)");
		}
		boolean implicit = protocol.endsWith("s") || isTrue(properties, prefix + "ssl.enable");
		boolean startTls = isTrue(properties, prefix + "starttls.enable");
		if (!implicit && !startTls) {
			throw new SslConfigurationException(prefix + "ssl.enable",
					"neither TLS from the first byte (" + prefix + "ssl.enable) nor STARTTLS (" + prefix
							+ "starttls.enable) is on: mail would travel in plaintext and TLS context '"
							+ sockets.contextFactory().name() + "' would never be used",
					"set " + prefix + "ssl.enable=true (spring.mail.ssl.enabled=true; port 465) or " + prefix
							+ "starttls.enable=true (port 587)");
		}
		if (startTls && !implicit && properties.getProperty(prefix + "starttls.required") == null) {
			properties.setProperty(prefix + "starttls.required", "true");
		}
		properties.put(prefix + "ssl.socketFactory", sockets);
		properties.setProperty(prefix + "socketFactory.fallback", "false");
		properties.setProperty(prefix + "ssl.checkserveridentity", "false");
		return properties;
	}

	private static boolean isTrue(Properties properties, String name) {
		Object value = properties.get(name);
		return value != null && Boolean.parseBoolean(value.toString().trim());
	}

}
