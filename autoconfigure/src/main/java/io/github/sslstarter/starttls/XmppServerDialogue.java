package io.github.sslstarter.starttls;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XMPP (RFC 6120 section 5), the server's side: the client's stream header answered by the
 * server's, with stream features offering {@code <starttls>} as required; the client's
 * {@code <starttls/>} answered {@code <proceed/>}. Anything else gets a stream error.
 */
final class XmppServerDialogue implements ServerDialogue {

	private static final String STREAMS_NAMESPACE = "http://etherx.jabber.org/streams";

	private static final String STREAM_HEADER = "the client's <stream:stream> header";

	private static final String STARTTLS = "<starttls xmlns='" + XmppDialogue.TLS_NAMESPACE + "'/>";

	private static final Pattern CONTENT_NAMESPACE = Pattern
		.compile("\\sxmlns\\s*=\\s*['\"](jabber:(?:client|server))['\"]");

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		String header = XmppDialogue.readTag(channel, STREAM_HEADER);
		if (header.startsWith("<?xml")) {
			header = XmppDialogue.readTag(channel, STREAM_HEADER);
		}
		if (!header.startsWith("<stream:stream") || !header.contains(STREAMS_NAMESPACE)) {
			channel.send("<?xml version='1.0'?><stream:stream xmlns:stream='" + STREAMS_NAMESPACE
					+ "' version='1.0'>" + streamError("invalid-namespace"));
			throw channel.unexpected(STREAM_HEADER, header);
		}
		Matcher content = CONTENT_NAMESPACE.matcher(header);
		String namespace = content.find() ? content.group(1) : "jabber:client";
		String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
		channel.send("<?xml version='1.0'?><stream:stream from='" + XmppDialogue.escape(serverName) + "' id='" + id
				+ "' version='1.0' xml:lang='en' xmlns='" + namespace + "' xmlns:stream='" + STREAMS_NAMESPACE + "'>"
				+ "<stream:features><starttls xmlns='" + XmppDialogue.TLS_NAMESPACE
				+ "'><required/></starttls></stream:features>");
		String request = XmppDialogue.readElement(channel, STARTTLS);
		if (!request.startsWith("<starttls") || !request.contains(XmppDialogue.TLS_NAMESPACE)) {
			// RFC 6120 5.3.1: a required feature not negotiated first is a policy violation
			channel.send(streamError("policy-violation"));
			throw channel.unexpected(STARTTLS, request);
		}
		// whitespace between elements is allowed; anything else waiting is injected plaintext
		channel.goAhead("<starttls/>", bytes("<proceed xmlns='" + XmppDialogue.TLS_NAMESPACE + "'/>"),
				bytes("<failure xmlns='" + XmppDialogue.TLS_NAMESPACE + "'/></stream:stream>"), true);
	}

	private static String streamError(String condition) {
		return "<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
				+ "</stream:stream>";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
