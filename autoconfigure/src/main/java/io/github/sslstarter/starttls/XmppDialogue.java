package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.util.regex.Pattern;

/**
 * XMPP (RFC 6120 section 5): the client's stream header, the server's stream features offering
 * {@code <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>}, the client's {@code <starttls/>},
 * the server's {@code <proceed/>}. Reads up to the closing {@code >} of each element, never
 * beyond.
 */
final class XmppDialogue implements Dialogue {

	static final String TLS_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-tls";

	private static final Pattern STARTTLS_OFFER = Pattern
		.compile("<starttls\\s+xmlns\\s*=\\s*['\"]" + Pattern.quote(TLS_NAMESPACE) + "['\"]");

	private static final Pattern EMPTY_FEATURES = Pattern.compile("<stream:features\\s*/>$");

	private static final String FEATURES = "<stream:features> offering <starttls xmlns='" + TLS_NAMESPACE + "'>";

	private static final String PROCEED = "<proceed xmlns='" + TLS_NAMESPACE + "'/>";

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("XMPP STARTTLS needs the server's domain for the stream header");
		}
		channel.send("<?xml version='1.0'?><stream:stream to='" + escape(host)
				+ "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
		String features = readFeatures(channel);
		if (!STARTTLS_OFFER.matcher(features).find()) {
			throw channel.unexpected(FEATURES + " (the server does not offer it)", features);
		}
		channel.send("<starttls xmlns='" + TLS_NAMESPACE + "'/>");
		String answer = readElement(channel, PROCEED);
		if (!answer.startsWith("<proceed") || !answer.contains(TLS_NAMESPACE)) {
			throw channel.unexpected(PROCEED, answer);
		}
		channel.expectNothingMore("<proceed/>");
	}

	/** From the server's stream header up to the end of its features; returns the features. */
	private String readFeatures(PlaintextChannel channel) throws StartTlsException {
		ByteArrayOutputStream received = new ByteArrayOutputStream(1024);
		StringBuilder text = new StringBuilder(1024);
		while (true) {
			int b = channel.readByte(FEATURES, received);
			text.append((char) b);
			if (b != '>') {
				continue;
			}
			// only the tail is examined, so a peer sending many '>' costs linear time
			if (endsWith(text, "</stream:features>") || EMPTY_FEATURES.matcher(tail(text)).find()) {
				return text.substring(text.lastIndexOf("<stream:features"));
			}
			if (endsWith(text, "</stream:error>") || endsWith(text, "</stream:stream>")) {
				int error = text.indexOf("<stream:error");
				throw channel.unexpected(FEATURES, (error >= 0) ? text.substring(error) : text.toString());
			}
		}
	}

	/** The next top-level element, self-closing or up to its end tag. */
	static String readElement(PlaintextChannel channel, String expected) throws StartTlsException {
		ByteArrayOutputStream received = new ByteArrayOutputStream(128);
		StringBuilder text = new StringBuilder(128);
		String endTag = null;
		while (true) {
			int b = channel.readByte(expected, received);
			if (text.length() == 0 && Character.isWhitespace(b)) {
				// whitespace keepalives between elements
				continue;
			}
			text.append((char) b);
			if (b != '>') {
				continue;
			}
			if (endTag == null) {
				if (endsWith(text, "/>") || (text.length() > 1 && text.charAt(1) == '/')) {
					return text.toString();
				}
				int nameEnd = 1;
				while (nameEnd < text.length() && text.charAt(nameEnd) != '>'
						&& !Character.isWhitespace(text.charAt(nameEnd))) {
					nameEnd++;
				}
				endTag = "</" + text.substring(1, nameEnd) + ">";
			}
			else if (endsWith(text, endTag)) {
				return text.toString();
			}
		}
	}

	/** The next tag alone, from {@code <} to {@code >}, after any whitespace. */
	static String readTag(PlaintextChannel channel, String expected) throws StartTlsException {
		ByteArrayOutputStream received = new ByteArrayOutputStream(256);
		StringBuilder text = new StringBuilder(256);
		while (true) {
			int b = channel.readByte(expected, received);
			if (text.length() == 0 && Character.isWhitespace(b)) {
				continue;
			}
			text.append((char) b);
			if (text.charAt(0) != '<') {
				throw channel.unexpected(expected, text.toString());
			}
			if (b == '>') {
				return text.toString();
			}
		}
	}

	private static boolean endsWith(StringBuilder text, String suffix) {
		int start = text.length() - suffix.length();
		return start >= 0 && text.indexOf(suffix, start) == start;
	}

	private static String tail(StringBuilder text) {
		return text.substring(Math.max(0, text.length() - 64));
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
			.replace("\"", "&quot;");
	}

}
