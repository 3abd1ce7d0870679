package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The ledger answers "is this connection verified, against what?" for every connection of a
 * context, from what the trust manager, the key manager and the handshake runner wrote.
 */
class ConnectionLedgerTest {

	private static final TestCertificate ca = TestCertificate.authority("Ledger CA");

	private static SslContextFactory client(String protocol, String verifyName) {
		return new SslContextFactory(SslSettings.builder()
			.name("ledger")
			.protocols(protocol)
			.verifyName(verifyName)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build());
	}

	private static TestTlsServer server(String... names) throws Exception {
		return TestTlsServer.start(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identities.identity(TestCertificate.builder().commonName(names[0]).dnsNames(names).ipAddresses("127.0.0.1").signedBy(ca).build()))
			.build()));
	}

	private static void echo(Socket socket) throws Exception {
		// a TLS 1.3 client receives its session ticket only when it reads
		socket.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
		new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	@Test
	void recordsAFullHandshakeVerifiedAgainstTheHost() throws Exception {
		SslContextFactory context = client("TLSv1.3", null);
		try (TestTlsServer server = server("localhost");
				SSLSocket socket = new SslSocketFactory(context).connect("localhost", server.port())) {
			ConnectionLedger ledger = context.ledger();
			assertThat(ledger.verified(socket)).isTrue();
			assertThat(ledger.verifiedName(socket)).isEqualTo("localhost");
			assertThat(ledger.resumed(socket)).isFalse();
			assertThat(ledger.failure(socket)).isNull();
			assertThat(ledger.certificateRequestedButMissing(socket)).isFalse();
		}
	}

	@Test
	void recordsTheConfiguredVerifyNameAndThePerCallNameAsWhatWasVerified() throws Exception {
		SslContextFactory context = client("TLSv1.3", "service.example");
		try (TestTlsServer server = server("service.example", "other.example")) {
			SslSocketFactory factory = new SslSocketFactory(context);
			try (SSLSocket configured = factory.connect("127.0.0.1", server.port())) {
				assertThat(context.ledger().verifiedName(configured)).isEqualTo("service.example");
			}
			try (SSLSocket perCall = factory.connect("127.0.0.1", server.port(), null, "other.example")) {
				assertThat(context.ledger().verifyName(perCall)).isEqualTo("other.example");
				assertThat(context.ledger().verifiedName(perCall)).isEqualTo("other.example");
			}
		}
	}

	@Test
	void aResumedHandshakeIsNotVerifiedByTheTrustManagerButItsNameIsChecked() throws Exception {
		SslContextFactory context = client("TLSv1.2", null);
		try (TestTlsServer server = server("localhost")) {
			SslSocketFactory factory = new SslSocketFactory(context);
			try (SSLSocket first = factory.connect("localhost", server.port())) {
				echo(first);
			}
			try (SSLSocket second = factory.connect("localhost", server.port())) {
				assertThat(context.ledger().resumed(second)).isTrue();
				assertThat(context.ledger().verified(second)).isFalse();
				assertThat(context.ledger().verifiedName(second)).isEqualTo("localhost");
			}
		}
	}

	@Test
	void recordsTheClassifiedFailure() throws Exception {
		SslContextFactory context = client("TLSv1.3", null);
		try (TestTlsServer server = server("other.example")) {
			ConnectionLedger ledger = context.ledger();
			SSLSocket socket = (SSLSocket) context.sslContext().getSocketFactory().createSocket("127.0.0.1",
					server.port());
			ledger.verifyName(socket, "localhost");
			try (socket) {
				Handshakes.run(context, HandshakeListener.NONE, socket, "127.0.0.1", server.port(), "localhost");
			}
			catch (SslConnectionException ex) {
				assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
			}
			assertThat(ledger.failure(socket)).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
			assertThat(ledger.verified(socket)).isFalse();
		}
	}

	@Test
	void aNewHandshakeForgetsTheLastOneButKeepsTheVerifyName() {
		ConnectionLedger ledger = new ConnectionLedger("test");
		Object connection = new Object();
		ledger.verifyName(connection, "a.example");
		ledger.peerVerified(connection, "a.example");
		ledger.certificateRequestedButMissing(connection, true);
		ledger.handshakeDone(connection, false);
		ledger.failed(connection, TlsFailure.PEER_CLOSED);
		ledger.beginHandshake(connection, "a.example:443");
		assertThat(ledger.verifyName(connection)).isEqualTo("a.example");
		assertThat(ledger.peer(connection)).isEqualTo("a.example:443");
		assertThat(ledger.verified(connection)).isFalse();
		assertThat(ledger.verifiedName(connection)).isNull();
		assertThat(ledger.certificateRequestedButMissing(connection)).isFalse();
		assertThat(ledger.failure(connection)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> ledger.resumed(connection))
			.withMessageContaining("'test'");
	}

	@Test
	void forgetsConnectionsNobodyHolds() throws Exception {
		ConnectionLedger ledger = new ConnectionLedger("test");
		for (int i = 0; i < 1000; i++) {
			ledger.verifyName(new Object(), "n" + i);
		}
		for (int i = 0; i < 50 && ledger.size() > 0; i++) {
			System.gc();
			Thread.sleep(20);
		}
		assertThat(ledger.size()).isLessThan(1000);
	}

}
