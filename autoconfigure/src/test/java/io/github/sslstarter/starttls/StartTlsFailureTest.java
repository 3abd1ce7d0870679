package io.github.sslstarter.starttls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.starttls.StartTlsTestServer.Behaviour;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each way a STARTTLS dialogue can fail, against real loopback servers: the failure is a
 * {@link StartTlsException} naming the protocol, what was expected and what the server did.
 */
class StartTlsFailureTest {

	private static final TestCertificate localhost = TestCertificate.builder().localhost().build();

	private static final SSLContext serverContext = TestSslContexts.server(localhost);

	@Test
	void smtpFailsWhenStartTlsIsNotAdvertised() {
		StartTlsException failure = failureOf(StartTls.SMTP, Behaviour.NOT_OFFERED);
		assertThat(failure).hasMessageStartingWith("SMTP STARTTLS: expected STARTTLS among the extensions")
			.hasMessageContaining("does not offer it")
			.hasMessageContaining("250-PIPELINING | 250 8BITMIME");
	}

	@Test
	void xmppFailsWhenStartTlsIsNotOffered() {
		StartTlsException failure = failureOf(StartTls.XMPP, Behaviour.NOT_OFFERED);
		assertThat(failure).hasMessageStartingWith("XMPP STARTTLS: expected <stream:features> offering <starttls")
			.hasMessageContaining("does not offer it")
			.hasMessageContaining("<stream:features><mechanisms");
	}

	@Test
	void postgresFailsWhenTheServerAnswersN() {
		assertThat(failureOf(StartTls.POSTGRES, Behaviour.REFUSE))
			.hasMessage("POSTGRES STARTTLS: expected 'S' (SSL accepted) in reply to SSLRequest, but the server said 'N':"
					+ " the server does not support SSL");
	}

	@Test
	void ldapReportsANonZeroResultCodeWithItsNameAndDiagnosticMessage() {
		assertThat(failureOf(StartTls.LDAP, Behaviour.REFUSE))
			.hasMessage("LDAP STARTTLS: expected an ExtendedResponse with resultCode 0 (success), but the server said"
					+ " 'resultCode 53 (unwillingToPerform), diagnosticMessage 'TLS is not configured on this test server''");
	}

	@Test
	void xmppReportsTheServersFailureElement() {
		assertThat(failureOf(StartTls.XMPP, Behaviour.REFUSE))
			.hasMessage("XMPP STARTTLS: expected <proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>, but the server said"
					+ " '<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>'");
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void refusalNamesTheProtocolAndWhatWasExpected(StartTls protocol) {
		StartTlsException failure = failureOf(protocol, Behaviour.REFUSE);
		assertThat(failure.protocol()).isEqualTo(protocol);
		assertThat(failure.isTimeout()).isFalse();
		assertThat(failure).hasMessageStartingWith(protocol + " STARTTLS: expected ")
			.hasMessageContaining("but the server said '");
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void peerClosingMidDialogueIsReportedAsClosed(StartTls protocol) {
		StartTlsException failure = failureOf(protocol, Behaviour.CLOSE_MID_DIALOGUE);
		assertThat(failure).hasMessageStartingWith(protocol + " STARTTLS: expected ")
			.hasMessageContaining("but the server closed the connection");
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void silentPeerIsReportedAsATimeoutAfterTheSocketsReadTimeout(StartTls protocol) throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, serverContext, Behaviour.SILENT);
				Socket plain = StartTlsUpgradeTest.connect(server)) {
			plain.setSoTimeout(250);
			long start = System.nanoTime();
			StartTlsException failure = negotiateFailing(protocol, plain);
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(failure.isTimeout()).isTrue();
			assertThat(failure).hasMessageStartingWith(protocol + " STARTTLS: expected ")
				.hasMessageContaining("sent nothing more within 250 ms (read timed out)");
			assertThat(millis).isBetween(200L, 3000L);
		}
	}

	@ParameterizedTest
	@EnumSource(StartTls.class)
	void plaintextSentBehindTheGoAheadIsRefusedAndNotConsumed(StartTls protocol) {
		// the exact count shows the dialogue read nothing beyond the go-ahead
		assertThat(failureOf(protocol, Behaviour.INJECT_AFTER_GO_AHEAD))
			.hasMessageStartingWith(protocol + " STARTTLS: the server sent " + StartTlsTestServer.INJECTED.length()
					+ " unexpected bytes after ")
			.hasMessageContaining("before the TLS handshake: 'INJECTED PLAINTEXT'")
			.hasMessageContaining("refusing to start TLS");
	}

	@ParameterizedTest
	@EnumSource(value = StartTls.class, names = "POSTGRES", mode = EnumSource.Mode.EXCLUDE)
	void floodingPeerIsCutOffAt64KiB(StartTls protocol) {
		long start = System.nanoTime();
		StartTlsException failure = failureOf(protocol, Behaviour.FLOOD);
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(failure).hasMessageStartingWith(protocol + " STARTTLS: the server sent more than 65536 bytes without ");
		assertThat(millis).isLessThan(5000);
	}

	@Test
	void whatTheServerSaidIsQuotedAsTruncatedPrintableText() throws IOException {
		String hostile = "554 \u001b[2J\u0007go away " + "x".repeat(1000) + "\r\n";
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread server = new Thread(() -> {
				try (Socket accepted = listener.accept()) {
					accepted.getOutputStream().write(hostile.getBytes(StandardCharsets.ISO_8859_1));
					InputStream in = accepted.getInputStream();
					while (in.read() >= 0) {
						// until the client closes
					}
				}
				catch (IOException ex) {
					// the client closed
				}
			});
			server.setDaemon(true);
			server.start();
			try (Socket plain = new Socket()) {
				plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 2000);
				plain.setSoTimeout(5000);
				StartTlsException failure = negotiateFailing(StartTls.SMTP, plain);
				assertThat(failure).hasMessageStartingWith(
						"SMTP STARTTLS: expected a 220 greeting, but the server said '554 \\x1b[2J\\x07go away xxx")
					.hasMessageEndingWith("...'");
				assertThat(failure.getMessage()).hasSizeLessThan(300)
					.doesNotContainPattern("[^\\x20-\\x7e]");
			}
		}
	}

	private static StartTlsException failureOf(StartTls protocol, Behaviour behaviour) {
		try (StartTlsTestServer server = StartTlsTestServer.start(protocol, serverContext, behaviour);
				Socket plain = StartTlsUpgradeTest.connect(server)) {
			return negotiateFailing(protocol, plain);
		}
		catch (IOException ex) {
			throw new AssertionError("Connecting to the test server failed", ex);
		}
	}

	private static StartTlsException negotiateFailing(StartTls protocol, Socket plain) {
		return assertThatExceptionOfType(StartTlsException.class)
			.isThrownBy(() -> protocol.negotiate(plain, "localhost"))
			.actual();
	}

}
