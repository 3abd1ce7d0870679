package io.github.sslstarter.starttls;

import java.nio.charset.StandardCharsets;

import static io.github.sslstarter.starttls.LdapDialogue.concat;
import static io.github.sslstarter.starttls.LdapDialogue.integer;
import static io.github.sslstarter.starttls.LdapDialogue.tlv;

/**
 * LDAP (RFC 4511 section 4.14), the server's side: the StartTLS ExtendedRequest answered by an
 * ExtendedResponse with resultCode 0 and the StartTLS responseName, under the request's
 * messageID. Another extended operation gets protocolError (section 4.12); any other operation
 * a Notice of Disconnection (strongerAuthRequired), and the dialogue fails.
 */
final class LdapServerDialogue implements ServerDialogue {

	private static final String EXPECTED = "a StartTLS ExtendedRequest";

	private static final String NOTICE_OF_DISCONNECTION_OID = "1.3.6.1.4.1.1466.20036";

	private static final int UNBIND_REQUEST = 0x42;

	private static final int RESPONSE_NAME = 0x8a;

	@Override
	public void run(PlaintextChannel channel, String serverName) throws StartTlsException {
		for (int i = 0; i < MAX_COMMANDS; i++) {
			LdapDialogue.Ber message = new LdapDialogue.Ber(LdapDialogue.readMessage(channel, EXPECTED), channel,
					EXPECTED);
			long messageId = message.integer(LdapDialogue.INTEGER, "messageID");
			int op = message.tag();
			if (op == LdapDialogue.EXTENDED_REQUEST) {
				LdapDialogue.Ber request = new LdapDialogue.Ber(message.value("ExtendedRequest"), channel, EXPECTED);
				String name = (request.hasMore() && request.tag() == LdapDialogue.REQUEST_NAME)
						? new String(request.value("requestName"), StandardCharsets.US_ASCII) : "";
				if (name.equals(LdapDialogue.START_TLS_OID)) {
					byte[] success = response(messageId, 0, "", LdapDialogue.START_TLS_OID);
					byte[] refusal = response(messageId, 1, "operations pipelined after StartTLS", null);
					channel.goAhead("the StartTLS ExtendedRequest", success, refusal, false);
					return;
				}
				channel.send(response(messageId, 2, "only StartTLS before TLS", null));
				continue;
			}
			if (op == UNBIND_REQUEST) {
				throw channel.fail("expected " + EXPECTED + ", but the client sent an UnbindRequest");
			}
			channel.send(response(0, 8, "StartTLS first", NOTICE_OF_DISCONNECTION_OID));
			throw channel.fail("expected " + EXPECTED + String.format(
					", but the client sent an LDAPMessage with protocolOp tag 0x%02x (sent a Notice of Disconnection)",
					op));
		}
		channel.send(response(0, 2, "too many requests without StartTLS", NOTICE_OF_DISCONNECTION_OID));
		throw channel.fail("expected " + EXPECTED + ", but the client sent " + MAX_COMMANDS + " other requests");
	}

	/** An LDAPMessage carrying an ExtendedResponse. */
	private static byte[] response(long messageId, int resultCode, String diagnostic, String responseName) {
		byte[] result = concat(concat(integer(LdapDialogue.ENUMERATED, resultCode),
				tlv(LdapDialogue.OCTET_STRING, new byte[0])),
				tlv(LdapDialogue.OCTET_STRING, diagnostic.getBytes(StandardCharsets.UTF_8)));
		if (responseName != null) {
			result = concat(result, tlv(RESPONSE_NAME, responseName.getBytes(StandardCharsets.US_ASCII)));
		}
		return tlv(LdapDialogue.SEQUENCE,
				concat(integer(LdapDialogue.INTEGER, messageId), tlv(LdapDialogue.EXTENDED_RESPONSE, result)));
	}

}
