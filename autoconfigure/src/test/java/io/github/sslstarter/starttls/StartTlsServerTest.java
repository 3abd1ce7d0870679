package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslConnection;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.starttls.OurStartTlsServer.Outcome;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StartTlsServer} against this project's own client half, and against raw clients that
 * pipeline plaintext behind the upgrade command (CVE-2011-0411), fall silent or fail the
 * handshake.
 */
class StartTlsServerTest {

	private static final TestCertificate localhost = TestCertificate.builder().localhost().build();

	private static final TestCertificate stranger = TestCertificate.builder().localhost().build();

	private static final SSLContext clientContext = TestSslContexts.client(localhost.certificate());

	/** What each protocol's raw client sends behind its upgrade command, in the same write. */
	private static final String INJECTED = "RSET\r\n";

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void ourClientHalfUpgradesAndTheEchoTravelsOverTls(StartTls protocol) throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(protocol, localhost);
				SSLSocket tls = protocol.upgrade(connect(server), "localhost", clientContext.getSocketFactory())) {
			assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(localhost.certificate());
			assertThat(echo(tls, "over " + protocol)).isEqualTo("echo: over " + protocol);
			Outcome outcome = server.next();
			assertThat(outcome.failure()).isNull();
			assertThat(outcome.line()).isEqualTo("over " + protocol);
			assertThat(outcome.protocol()).isEqualTo(tls.getSession().getProtocol());
			assertThat(server.events()).singleElement().satisfies((event) -> {
				assertThat(event.client()).isFalse();
				assertThat(event.succeeded()).isTrue();
				assertThat(event.context()).isEqualTo("starttls-server");
			});
		}
	}

	@Test
	void bothHalvesOfThisProjectReportTheirHandshakes() throws Exception {
		java.util.List<HandshakeEvent> clientEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
		SslSocketFactory sockets = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("starttls-client")
			.trustedCertificates(java.util.List.of(localhost.certificate()))
			.build()), clientEvents::add);
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.XMPP, localhost);
				SSLSocket tls = StartTls.XMPP.upgrade(connect(server), "localhost", sockets)) {
			assertThat(echo(tls, "both halves")).isEqualTo("echo: both halves");
			assertThat(server.next().line()).isEqualTo("both halves");
			assertThat(SslConnection.of(tls).peerCertificate().certificate()).isEqualTo(localhost.certificate());
			assertThat(clientEvents).singleElement().satisfies((event) -> {
				assertThat(event.client()).isTrue();
				assertThat(event.succeeded()).isTrue();
			});
			assertThat(server.events()).singleElement().satisfies((event) -> {
				assertThat(event.client()).isFalse();
				assertThat(event.protocol()).isEqualTo(tls.getSession().getProtocol());
			});
		}
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void plaintextPipelinedBehindTheUpgradeCommandIsRefused(StartTls protocol) throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(protocol, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			client.upToTheUpgradeCommand(protocol);
			// one write: the command and the injected plaintext arrive together
			client.send(concat(upgradeCommand(protocol), INJECTED.getBytes(StandardCharsets.US_ASCII)));
			String reply = client.readToEnd();
			if (protocol == StartTls.POSTGRES) {
				assertThat(reply).startsWith("E");
			}
			else {
				assertThat(reply).doesNotContain(goAhead(protocol));
			}
			assertThat(reply).contains(refusal(protocol));
			Outcome outcome = server.next();
			assertThat(outcome.failure()).isInstanceOf(StartTlsException.class)
				.hasMessageStartingWith(protocol + " STARTTLS from 127.0.0.1:" + raw.getLocalPort()
						+ ": the client sent " + INJECTED.length() + " unexpected bytes after ")
				.hasMessageEndingWith(
						"before the TLS handshake: 'RSET'; refusing to start TLS over injected plaintext");
			assertThat(((StartTlsException) outcome.failure()).isPlaintextInjection()).isTrue();
			assertThat(((StartTlsException) outcome.failure()).protocol()).isEqualTo(protocol);
			assertThat(server.events()).isEmpty();
		}
	}

	@Test
	void xmppWhitespaceBehindStarttlsIsNotInjection() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.XMPP, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			client.upToTheUpgradeCommand(StartTls.XMPP);
			client.send(concat(upgradeCommand(StartTls.XMPP), " \n".getBytes(StandardCharsets.US_ASCII)));
			assertThat(client.readUntil("/>")).contains("<proceed");
			SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(raw, "localhost",
					server.port(), true);
			assertThat(echo(tls, "after whitespace")).isEqualTo("echo: after whitespace");
			assertThat(server.next().line()).isEqualTo("after whitespace");
		}
	}

	@Test
	void commandsBeforeStarttlsAreAnsweredAndTheUpgradeStillHappens() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.SMTP, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			assertThat(client.readLine()).isEqualTo("220 localhost ESMTP ready");
			client.send("MAIL FROM:<a@example.test>\r\n");
			assertThat(client.readLine()).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
			client.send("EHLO client.test\r\n");
			assertThat(client.readLine()).isEqualTo("250-localhost");
			assertThat(client.readLine()).isEqualTo("250 STARTTLS");
			client.send("STARTTLS\r\n");
			assertThat(client.readLine()).isEqualTo("220 2.0.0 Ready to start TLS");
			SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(raw, "localhost",
					server.port(), true);
			assertThat(echo(tls, "mail")).isEqualTo("echo: mail");
			assertThat(server.next().line()).isEqualTo("mail");
		}
	}

	@Test
	void aClientThatNeverSendsTheUpgradeCommandIsCutOffAfterSixteenCommands() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.POP3, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			client.readLine();
			client.send("USER a\r\n".repeat(ServerDialogue.MAX_COMMANDS));
			assertThat(client.readToEnd()).contains("-ERR Too many commands without STLS");
			assertThat(server.next().failure()).isInstanceOf(StartTlsException.class)
				.hasMessageEndingWith("expected STLS, but the client sent 16 other commands");
		}
	}

	@Test
	void aTricklingClientIsCutOffAtTheDialogueDeadline() throws Exception {
		Duration timeout = Duration.ofMillis(600);
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.IMAP, localhost, timeout);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			client.readLine();
			// a byte every 100 ms for up to 10 s: each read is quick, the dialogue would never end
			for (int i = 0; i < 100; i++) {
				try {
					client.send("x");
				}
				catch (IOException ex) {
					break;
				}
				Thread.sleep(100);
			}
			Outcome outcome = server.next();
			assertThat(outcome.failure()).isInstanceOf(StartTlsException.class)
				.hasMessageContaining("but the client sent nothing more within 600 ms"
						+ " (timeouts.handshake bounds the whole dialogue)")
				.hasMessageContaining("after 'xxx");
			assertThat(((StartTlsException) outcome.failure()).isTimeout()).isTrue();
			// the deadline, not the trickle's end: well under the 10 s the client would go on for
			assertThat(outcome.millis()).isBetween(550L, 5000L);
		}
	}

	@Test
	void aClientThatQuitsIsNotAnError() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.FTP, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			client.readLine();
			client.send("QUIT\r\n");
			assertThat(client.readToEnd()).isEqualTo("221 Goodbye\r\n");
			assertThat(server.next().failure()).isInstanceOf(StartTlsException.class)
				.hasMessageEndingWith(": expected AUTH TLS, but the client quit");
		}
	}

	@Test
	void aHandshakeTheClientRejectsIsClassifiedAndReported() throws Exception {
		SSLContext distrusting = TestSslContexts.client(stranger.certificate());
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.SMTP, localhost);
				Socket plain = connect(server)) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> StartTls.SMTP.upgrade(plain, "localhost", distrusting.getSocketFactory()));
			Outcome outcome = server.next();
			assertThat(outcome.failure()).isInstanceOf(SslConnectionException.class);
			// the client's alert, unless the reset of its close (our flight unread) overtook it on a
			// loaded machine: Linux then drops the alert still queued for the server
			TlsFailure failure = ((SslConnectionException) outcome.failure()).failure();
			assertThat(failure).isIn(TlsFailure.CERTIFICATE_REJECTED_BY_PEER, TlsFailure.PEER_CLOSED);
			assertThat(server.events()).singleElement().extracting(HandshakeEvent::failure).isEqualTo(failure);
		}
	}

	@Test
	void aClientSilentAfterTheGoAheadTimesOutUnderTheHandshakeDeadline() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.POSTGRES, localhost,
				Duration.ofMillis(1500)); Socket plain = connect(server)) {
			StartTls.POSTGRES.negotiate(plain, "localhost");
			Outcome outcome = server.next();
			assertThat(outcome.failure()).isInstanceOf(SslConnectionException.class);
			assertThat(((SslConnectionException) outcome.failure()).failure()).isEqualTo(TlsFailure.TIMEOUT);
			assertThat(server.events()).singleElement()
				.extracting(HandshakeEvent::failure)
				.isEqualTo(TlsFailure.TIMEOUT);
			// then the connection ends: at most with the alerts of a TLS close (when a read timeout left
			// over from the dialogue ended the handshake's read before the deadline closed the socket)
			plain.setSoTimeout(5000);
			byte[] rest = plain.getInputStream().readAllBytes();
			for (int at = 0; at < rest.length; at += 7) {
				assertThat(rest[at]).as("a TLS alert record").isEqualTo((byte) 0x15);
				assertThat(rest.length - at).isGreaterThanOrEqualTo(7);
			}
		}
	}

	@Test
	void aPostgresStartupWithoutSslRequestGetsAnErrorResponse() throws Exception {
		try (OurStartTlsServer server = OurStartTlsServer.start(StartTls.POSTGRES, localhost);
				Socket raw = connect(server)) {
			RawClient client = new RawClient(raw);
			// a StartupMessage, protocol 3.0, user=a
			client.send(new byte[] { 0, 0, 0, 17, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'a', 0, 0, 0 });
			assertThat(client.readToEnd()).startsWith("E").contains("28000").contains("only SSL connections");
			assertThat(server.next().failure()).isInstanceOf(StartTlsException.class)
				.hasMessageEndingWith("but the client sent a StartupMessage (protocol 3.0) without SSLRequest");
		}
	}

	@Test
	void aServerNameWithSpacesIsRefused() {
		SslServerSocketFactory factory = new SslServerSocketFactory(
				new SslContextFactory(SslSettings.builder().name("x").build()));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new StartTlsServer(StartTls.SMTP, factory, "mail example"))
			.withMessage("The server name must be printable ASCII without spaces");
	}

	@Test
	void aTlsServerSocketIsRefused() throws Exception {
		SslServerSocketFactory factory = new SslServerSocketFactory(new SslContextFactory(
				SslSettings.builder().name("x").identity(io.github.sslstarter.testing.Identities.identity(localhost))
					.build()));
		StartTlsServer server = new StartTlsServer(StartTls.IMAP, factory);
		try (java.net.ServerSocket listening = factory.createServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> server.accept(listening))
				.withMessage("IMAP STARTTLS starts in plain text: accept from an ordinary ServerSocket,"
						+ " not an SSLServerSocket");
		}
	}

	static Socket connect(OurStartTlsServer server) throws IOException {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
		plain.setSoTimeout(10_000);
		return plain;
	}

	private static String echo(SSLSocket tls, String line) throws IOException {
		tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		tls.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	static byte[] upgradeCommand(StartTls protocol) {
		return switch (protocol) {
			case SMTP -> ascii("STARTTLS\r\n");
			case IMAP -> ascii("a1 STARTTLS\r\n");
			case POP3 -> ascii("STLS\r\n");
			case FTP -> ascii("AUTH TLS\r\n");
			case LDAP -> LdapDialogue.request(1);
			case POSTGRES -> new byte[] { 0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f };
			case XMPP -> ascii("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
		};
	}

	private static String goAhead(StartTls protocol) {
		return switch (protocol) {
			case SMTP -> "220 2.0.0";
			case IMAP -> "a1 OK";
			case POP3 -> "+OK Begin";
			case FTP -> "234";
			case LDAP -> LdapDialogue.START_TLS_OID;
			case POSTGRES -> "S";
			case XMPP -> "<proceed";
		};
	}

	private static String refusal(StartTls protocol) {
		return switch (protocol) {
			case SMTP -> "554 5.5.1 Error: command pipelined after STARTTLS";
			case IMAP -> "* BYE Command pipelined after STARTTLS";
			case POP3 -> "-ERR Command pipelined after STLS";
			case FTP -> "421 Command pipelined after AUTH TLS";
			case LDAP -> "operations pipelined after StartTLS";
			case POSTGRES -> "received unencrypted data after SSL request";
			case XMPP -> "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>";
		};
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = new byte[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/** A client that speaks each protocol by hand, byte by byte. */
	static final class RawClient {

		private final InputStream in;

		private final OutputStream out;

		RawClient(Socket socket) throws IOException {
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		/** Reads the greeting (and XMPP's features) so that the next write is the upgrade command. */
		void upToTheUpgradeCommand(StartTls protocol) throws IOException {
			switch (protocol) {
				case SMTP, IMAP, POP3, FTP -> readLine();
				case XMPP -> {
					send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
							+ " to='localhost' version='1.0'>");
					readUntil("</stream:features>");
				}
				case LDAP, POSTGRES -> {
					// the client speaks first
				}
			}
		}

		void send(String text) throws IOException {
			send(ascii(text));
		}

		void send(byte[] bytes) throws IOException {
			this.out.write(bytes);
			this.out.flush();
		}

		String readLine() throws IOException {
			String line = readUntil("\n");
			return line.substring(0, line.length() - ((line.endsWith("\r\n")) ? 2 : 1));
		}

		String readUntil(String end) throws IOException {
			ByteArrayOutputStream text = new ByteArrayOutputStream();
			while (!text.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
				int b = this.in.read();
				if (b < 0) {
					throw new IOException("closed after '" + text.toString(StandardCharsets.ISO_8859_1) + "'");
				}
				text.write(b);
			}
			return text.toString(StandardCharsets.ISO_8859_1);
		}

		/** Everything until the server closes, which it must do within the socket's read timeout. */
		String readToEnd() throws IOException {
			ByteArrayOutputStream text = new ByteArrayOutputStream();
			try {
				this.in.transferTo(text);
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("the server did not close; it sent '"
						+ text.toString(StandardCharsets.ISO_8859_1) + "'", ex);
			}
			return text.toString(StandardCharsets.ISO_8859_1);
		}

	}

}
