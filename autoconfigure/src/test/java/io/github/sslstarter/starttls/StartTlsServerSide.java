package io.github.sslstarter.starttls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import io.github.sslstarter.starttls.StartTlsTestServer.Behaviour;

/**
 * The server side of each STARTTLS dialogue, for {@link StartTlsTestServer}. Reads byte by byte,
 * as the TLS layer takes over the same stream afterwards.
 */
final class StartTlsServerSide {

	private static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";

	private final Behaviour behaviour;

	private final InputStream in;

	private final OutputStream out;

	private StartTlsServerSide(Behaviour behaviour, Socket socket) throws IOException {
		this.behaviour = behaviour;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static void check(StartTls protocol, Behaviour behaviour) {
		boolean offerIsAdvertised = protocol == StartTls.SMTP || protocol == StartTls.XMPP;
		if (behaviour == Behaviour.NOT_OFFERED && !offerIsAdvertised) {
			throw new IllegalArgumentException(protocol + " has no advertisement to leave out; use REFUSE");
		}
		if (behaviour == Behaviour.FLOOD && protocol == StartTls.POSTGRES) {
			throw new IllegalArgumentException("POSTGRES answers with a single byte; nothing to flood");
		}
	}

	/** {@code true} when the go-ahead was given and TLS starts. */
	static boolean converse(StartTls protocol, Behaviour behaviour, Socket socket) throws IOException {
		StartTlsServerSide side = new StartTlsServerSide(behaviour, socket);
		if (behaviour == Behaviour.SILENT) {
			side.drain();
			return false;
		}
		return switch (protocol) {
			case SMTP -> side.smtp();
			case IMAP -> side.imap();
			case POP3 -> side.pop3();
			case FTP -> side.ftp();
			case LDAP -> side.ldap();
			case POSTGRES -> side.postgres();
			case XMPP -> side.xmpp();
		};
	}

	private boolean smtp() throws IOException {
		if (floods("220 ")) {
			return false;
		}
		send("220-mail.test ESMTP test server\r\n220 ready when you are\r\n");
		while (true) {
			String line = readLine();
			if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
				return false;
			}
			String verb = verb(line);
			if (verb.equals("EHLO")) {
				String starttls = (this.behaviour == Behaviour.NOT_OFFERED) ? "" : "250-STARTTLS\r\n";
				send("250-mail.test greets " + line.substring(4).trim() + "\r\n250-PIPELINING\r\n" + starttls
						+ "250 8BITMIME\r\n");
			}
			else if (verb.equals("STARTTLS")) {
				if (this.behaviour == Behaviour.REFUSE || this.behaviour == Behaviour.NOT_OFFERED) {
					send("454 4.7.0 TLS not available due to temporary reason\r\n");
				}
				else {
					return goAhead("220 2.0.0 Ready to start TLS\r\n");
				}
			}
			else if (verb.equals("QUIT")) {
				send("221 2.0.0 bye\r\n");
				return false;
			}
			else {
				send("500 5.5.1 command unrecognized\r\n");
			}
		}
	}

	private boolean imap() throws IOException {
		if (floods("* OK ")) {
			return false;
		}
		send("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] test IMAP ready\r\n");
		while (true) {
			String line = readLine();
			if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
				return false;
			}
			int space = line.indexOf(' ');
			String tag = (space > 0) ? line.substring(0, space) : line;
			String command = (space > 0) ? verb(line.substring(space + 1)) : "";
			if (command.equals("CAPABILITY")) {
				send("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + tag + " OK CAPABILITY completed\r\n");
			}
			else if (command.equals("STARTTLS")) {
				if (this.behaviour == Behaviour.REFUSE) {
					send(tag + " NO STARTTLS is disabled here\r\n");
				}
				else {
					// an untagged response before the tagged one, which the client must skip
					return goAhead("* OK [ALERT] upgrading\r\n" + tag + " OK Begin TLS negotiation now\r\n");
				}
			}
			else if (command.equals("LOGOUT")) {
				send("* BYE bye\r\n" + tag + " OK LOGOUT completed\r\n");
				return false;
			}
			else {
				send(tag + " BAD unknown command\r\n");
			}
		}
	}

	private boolean pop3() throws IOException {
		if (floods("+OK ")) {
			return false;
		}
		send("+OK test POP3 ready\r\n");
		while (true) {
			String line = readLine();
			if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
				return false;
			}
			String verb = verb(line);
			if (verb.equals("CAPA")) {
				send("+OK capabilities follow\r\nSTLS\r\nUSER\r\n.\r\n");
			}
			else if (verb.equals("STLS")) {
				if (this.behaviour == Behaviour.REFUSE) {
					send("-ERR STLS not available\r\n");
				}
				else {
					return goAhead("+OK Begin TLS negotiation\r\n");
				}
			}
			else if (verb.equals("QUIT")) {
				send("+OK bye\r\n");
				return false;
			}
			else {
				send("-ERR unknown command\r\n");
			}
		}
	}

	private boolean ftp() throws IOException {
		if (floods("220 ")) {
			return false;
		}
		// an FTP multi-line reply may carry lines without the code
		send("220-test FTP server\r\n    welcome, this line has no code\r\n220 ready\r\n");
		while (true) {
			String line = readLine();
			if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
				return false;
			}
			String upper = line.toUpperCase(Locale.ROOT);
			if (upper.equals("FEAT")) {
				send("211-Features:\r\n AUTH TLS\r\n PBSZ\r\n211 End\r\n");
			}
			else if (upper.equals("AUTH TLS")) {
				if (this.behaviour == Behaviour.REFUSE) {
					send("534 Request denied for policy reasons\r\n");
				}
				else {
					return goAhead("234 AUTH TLS successful\r\n");
				}
			}
			else if (upper.equals("QUIT")) {
				send("221 bye\r\n");
				return false;
			}
			else {
				send("500 unknown command\r\n");
			}
		}
	}

	private boolean ldap() throws IOException {
		if (this.behaviour == Behaviour.FLOOD) {
			readLdapMessage();
			// a SEQUENCE announcing 65535 bytes, then more than that
			send(new byte[] { 0x30, (byte) 0x82, (byte) 0xff, (byte) 0xff });
			flood();
			return false;
		}
		byte[] request = readLdapMessage();
		if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
			return false;
		}
		int messageId = request[4];
		boolean startTls = Arrays.equals(request, LdapDialogue.request(messageId));
		if (!startTls) {
			send(ldapResponse(messageId, 2, "not a StartTLS request"));
			return false;
		}
		if (this.behaviour == Behaviour.REFUSE) {
			send(ldapResponse(messageId, 53, "TLS is not configured on this test server"));
			return false;
		}
		byte[] response = ldapResponse(messageId, 0, "");
		return goAhead(new String(response, StandardCharsets.ISO_8859_1));
	}

	private boolean postgres() throws IOException {
		byte[] request = readExactly(8);
		if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
			return false;
		}
		if (!Arrays.equals(request, new byte[] { 0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f })) {
			send("Eunexpected startup packet\0");
			return false;
		}
		if (this.behaviour == Behaviour.REFUSE) {
			send("N");
			return false;
		}
		return goAhead("S");
	}

	private boolean xmpp() throws IOException {
		String header = readUntil("<stream:stream", ">");
		if (this.behaviour == Behaviour.CLOSE_MID_DIALOGUE) {
			return false;
		}
		String to = header.replaceAll("(?s).*\\sto=['\"]([^'\"]*)['\"].*", "$1");
		send("<?xml version='1.0'?><stream:stream from='" + to + "' id='t1' version='1.0' xml:lang='en'"
				+ " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
		if (this.behaviour == Behaviour.FLOOD) {
			send("<stream:features>");
			flood();
			return false;
		}
		String starttls = (this.behaviour == Behaviour.NOT_OFFERED) ? ""
				: "<starttls xmlns='" + TLS_NS + "'><required/></starttls>";
		send("<stream:features>" + starttls + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
				+ "<mechanism>PLAIN</mechanism></mechanisms></stream:features>");
		String request = readUntil("<starttls", ">");
		if (!request.contains(TLS_NS) || !request.endsWith("/>")) {
			send("<stream:error><bad-format xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"
					+ "</stream:stream>");
			return false;
		}
		if (this.behaviour == Behaviour.REFUSE || this.behaviour == Behaviour.NOT_OFFERED) {
			send("<failure xmlns='" + TLS_NS + "'/></stream:stream>");
			return false;
		}
		return goAhead("<proceed xmlns='" + TLS_NS + "'/>");
	}

	private boolean floods(String start) throws IOException {
		if (this.behaviour != Behaviour.FLOOD) {
			return false;
		}
		send(start);
		flood();
		return true;
	}

	private void flood() throws IOException {
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'A');
		for (int i = 0; i < chunk.length; i += 16) {
			chunk[i] = '>';
		}
		// until the client gives up and closes
		while (true) {
			this.out.write(chunk);
		}
	}

	private boolean goAhead(String reply) throws IOException {
		send(reply + ((this.behaviour == Behaviour.INJECT_AFTER_GO_AHEAD) ? StartTlsTestServer.INJECTED : ""));
		return this.behaviour != Behaviour.INJECT_AFTER_GO_AHEAD;
	}

	private byte[] readLdapMessage() throws IOException {
		int tag = readByte();
		int length = readByte();
		if (tag != 0x30 || length >= 0x80) {
			throw new IOException("not a short LDAPMessage");
		}
		byte[] content = readExactly(length);
		byte[] message = new byte[length + 2];
		message[0] = (byte) tag;
		message[1] = (byte) length;
		System.arraycopy(content, 0, message, 2, length);
		return message;
	}

	private static byte[] ldapResponse(int messageId, int resultCode, String diagnostic) {
		ByteArrayOutputStream op = new ByteArrayOutputStream();
		tlv(op, 0x0a, new byte[] { (byte) resultCode });
		tlv(op, 0x04, new byte[0]);
		tlv(op, 0x04, diagnostic.getBytes(StandardCharsets.UTF_8));
		if (resultCode == 0) {
			tlv(op, 0x8a, LdapDialogue.START_TLS_OID.getBytes(StandardCharsets.US_ASCII));
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		tlv(body, 0x02, new byte[] { (byte) messageId });
		tlv(body, 0x78, op.toByteArray());
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		tlv(message, 0x30, body.toByteArray());
		return message.toByteArray();
	}

	private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
		out.write(tag);
		out.write(value.length);
		out.writeBytes(value);
	}

	private static String verb(String line) {
		int space = line.indexOf(' ');
		return ((space > 0) ? line.substring(0, space) : line).toUpperCase(Locale.ROOT);
	}

	private void drain() throws IOException {
		while (this.in.read() >= 0) {
			// never answer
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = readByte()) != '\n') {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/** Up to the first {@code end} after {@code start}. */
	private String readUntil(String start, String end) throws IOException {
		StringBuilder text = new StringBuilder();
		while (true) {
			text.append((char) readByte());
			int at = text.indexOf(start);
			if (at >= 0 && text.length() >= at + start.length() + end.length()
					&& text.lastIndexOf(end) >= at + start.length()) {
				return text.substring(at);
			}
		}
	}

	private byte[] readExactly(int count) throws IOException {
		byte[] bytes = new byte[count];
		for (int i = 0; i < count; i++) {
			bytes[i] = (byte) readByte();
		}
		return bytes;
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw new EOFException();
		}
		return b;
	}

	private void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	private void send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

}
