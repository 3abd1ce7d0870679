package io.github.sslstarter.verify;

import io.github.sslstarter.core.VerifyingTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.sslstarter.test.ConnectionHandler;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.test.TlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real TLS handshakes over loopback against in-process JSSE servers: the host name is checked
 * inside the handshake, per connection.
 */
class VerifyingTrustManagerTest {

	private static final TestCertificate ca = TestCertificate.authority("sslstarter test CA");

	private static final TestCertificate WILDCARD = leaf().commonName("srv.example.org")
		.dnsNames("*.example.org")
		.build();

	private static final TestCertificate PARTIAL = leaf().dnsNames("w*.example.org").build();

	private static final TestCertificate COMMON_NAME_ONLY = leaf().commonName("cn.example.org")
		.dnsNames("san.example.org")
		.build();

	private static final TestCertificate IP = leaf().dnsNames("localhost").ipAddresses("127.0.0.1").build();

	private static final TestCertificate A = leaf().dnsNames("a.example.org").build();

	private static final TestCertificate B = leaf().dnsNames("b.example.org").build();

	private static final List<TlsServer> servers = new ArrayList<>();

	private static TlsServer wildcard;

	private static TlsServer partial;

	private static TlsServer commonNameOnly;

	private static TlsServer ip;

	private static TlsServer a;

	private static TlsServer b;

	private static TlsServer tls12;

	private static TestCertificate.Builder leaf() {
		return TestCertificate.builder().signedBy(ca);
	}

	@BeforeAll
	static void startServers() throws IOException {
		wildcard = start(WILDCARD, "TLS");
		partial = start(PARTIAL, "TLS");
		commonNameOnly = start(COMMON_NAME_ONLY, "TLS");
		ip = start(IP, "TLS");
		a = start(A, "TLS");
		b = start(B, "TLS");
		tls12 = start(A, "TLSv1.2");
	}

	// a server presenting the certificate (with the CA) that answers each byte with the same byte
	private static TlsServer start(TestCertificate certificate, String protocol) throws IOException {
		TlsServer server = TlsServer.builder()
			.sslContext(TestSslContexts.context(protocol, TestSslContexts.keyManager(certificate), null))
			.handler(ConnectionHandler.echoBytes())
			.start();
		servers.add(server);
		return server;
	}

	@AfterAll
	static void stopServers() throws IOException {
		for (TlsServer server : servers) {
			server.close();
		}
	}

	// scheme, server, host, accepted: one accepted and one rejected peer per scheme
	@ParameterizedTest(name = "{0}: {2} on {1} -> {3}")
	@CsvSource({ "default, commonNameOnly, cn.example.org, true", "default, a, b.example.org, false",
			"http, partial, www.example.org, true", "http, commonNameOnly, cn.example.org, false",
			"rfc2818, wildcard, x.example.org, true", "rfc2818, wildcard, srv.example.org.evil, false",
			"ldap, commonNameOnly, cn.example.org, true", "ldap, partial, www.example.org, false",
			"smtp, wildcard, mail.example.org, true", "smtp, partial, www.example.org, false",
			"gist, wildcard, x.example.org, true", "gist, commonNameOnly, cn.example.org, false",
			"sip, commonNameOnly, cn.example.org, true", "sip, wildcard, x.example.org, false",
			"none, a, anything.invalid, true", "imap, wildcard, a.b.example.org, false",
			"xmpp, partial, www.example.org, true", "ftp, ip, 127.0.0.2, false" })
	void checksTheSchemeInsideTheHandshake(String scheme, String server, String host, boolean accepted)
			throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.named(scheme), null);
		SSLContext context = TestSslContexts.context("TLS", null, trustManager);
		TlsServer target = switch (server) {
			case "wildcard" -> wildcard;
			case "partial" -> partial;
			case "commonNameOnly" -> commonNameOnly;
			case "ip" -> ip;
			case "a" -> a;
			default -> throw new IllegalArgumentException(server);
		};
		if (accepted) {
			assertThat(exchange(context, target, host)).isEqualTo(42);
		}
		else {
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> exchange(context, target, host))
				.havingRootCause()
				.isInstanceOf(HostnameMismatchException.class);
		}
	}

	@Test
	void acceptsIpLiteralHostInIpAddressAltName() throws Exception {
		SSLContext context = clientContext("rfc2818", null);
		assertThat(exchange(context, ip, "127.0.0.1")).isEqualTo(42);
	}

	@Test
	void rejectsIpLiteralHostMissingFromTheCertificate() {
		SSLContext context = clientContext("rfc2818", null);
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> exchange(context, a, "127.0.0.1"))
			.havingRootCause()
			.isInstanceOf(HostnameMismatchException.class)
			.withMessageContaining("a.example.org");
	}

	@Test
	void connectsByAddressUsesTheAddressAsPeerHost() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.named("http"), null);
		SSLContext context = TestSslContexts.context("TLS", null, trustManager);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", ip.port())) {
			socket.startHandshake();
			assertThat(trustManager.ledger().verified(socket)).isTrue();
		}
	}

	@Test
	void fixedNameWinsOverTheConnectionHost() throws Exception {
		SSLContext context = clientContext("default", "a.example.org");
		assertThat(exchange(context, a, "b.example.org")).isEqualTo(42);
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> exchange(context, b, "b.example.org"));
	}

	@Test
	void expectedNameWinsOverThePeerHost() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestSslContexts.context("TLS", null, trustManager);
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", b.port()), 5000);
			SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "a.example.org", b.port(),
					false);
			trustManager.ledger().verifyName(socket, "b.example.org");
			socket.startHandshake();
			assertThat(trustManager.ledger().verified(socket)).isTrue();
		}
	}

	@Test
	void failsClosedWhenNoNameIsKnown() {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.DEFAULT, null);
		SSLContext client = TestSslContexts.context("TLS", null, trustManager);
		// an engine created without peer host: a socket always knows at least the peer address
		SSLEngine engine = client.createSSLEngine();
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> handshake(engine, TestSslContexts.server(A)))
			.withStackTraceContaining("No host name to verify");
	}

	@Test
	void schemeNoneNeedsNoName() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.NONE, null);
		SSLEngine engine = TestSslContexts.context("TLS", null, trustManager).createSSLEngine();
		handshake(engine, TestSslContexts.server(A));
		assertThat(trustManager.ledger().verified(engine)).isTrue();
	}

	@Test
	void stillRejectsAnUntrustedChain() {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(
				TestCertificate.builder().commonName("unrelated CA").build().certificate()),
				HostnameScheme.NONE, null);
		SSLContext context = TestSslContexts.context("TLS", null, trustManager);
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> exchange(context, a, "a.example.org"));
	}

	@Test
	void verifiedIsTrueAfterAFullHandshakeAndFalseAfterResumption() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestSslContexts.context("TLSv1.2", null, trustManager);
		boolean[] verified = new boolean[2];
		for (int i = 0; i < 2; i++) {
			try (Socket plain = new Socket()) {
				plain.connect(new InetSocketAddress("127.0.0.1", tls12.port()), 5000);
				SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "a.example.org",
						tls12.port(), true);
				socket.startHandshake();
				verified[i] = trustManager.ledger().verified(socket);
				assertThat(trustManager.ledger().verified(socket)).as("asking does not forget")
					.isEqualTo(verified[i]);
				socket.getOutputStream().write(1);
				socket.getInputStream().read();
			}
		}
		assertThat(verified).containsExactly(true, false);
	}

	@Test
	void checksTheHostOfAnSslEngine() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.DEFAULT, null);
		SSLContext client = TestSslContexts.context("TLS", null, trustManager);
		SSLContext server = TestSslContexts.server(A);
		SSLEngine accepted = client.createSSLEngine("a.example.org", 443);
		handshake(accepted, server);
		assertThat(trustManager.ledger().verified(accepted)).isTrue();
		SSLEngine refused = client.createSSLEngine("b.example.org", 443);
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> handshake(refused, server));
		SSLEngine expected = client.createSSLEngine("b.example.org", 443);
		trustManager.ledger().verifyName(expected, "a.example.org");
		handshake(expected, server);
		assertThat(trustManager.ledger().verified(expected)).isTrue();
	}

	@Test
	void neverChecksOneConnectionAgainstAnothersName() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestSslContexts.context("TLS", null, trustManager);
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Callable<String>> tasks = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				TlsServer server = (i % 2 == 0) ? a : b;
				// three in four connect by the server's own name, one in four by the other server's name
				boolean expected = (i / 2) % 4 != 3;
				String host = ((server == a) == expected) ? "a.example.org" : "b.example.org";
				tasks.add(() -> {
					boolean accepted;
					try {
						accepted = exchange(context, server, host, true) == 42;
					}
					catch (SSLHandshakeException ex) {
						accepted = false;
					}
					return (accepted == expected) ? null : host + " on " + ((server == a) ? "a" : "b");
				});
			}
			List<String> wrong = new ArrayList<>();
			for (Future<String> result : executor.invokeAll(tasks, 90, TimeUnit.SECONDS)) {
				String outcome = result.get();
				if (outcome != null) {
					wrong.add(outcome);
				}
			}
			assertThat(wrong).as("connections checked against the wrong name").isEmpty();
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static SSLContext clientContext(String scheme, String fixedName) {
		return TestSslContexts.context("TLS", null, new VerifyingTrustManager(
				TestSslContexts.trustManager(ca.certificate()), HostnameScheme.named(scheme), fixedName));
	}

	private static int exchange(SSLContext context, TlsServer server, String host) throws IOException {
		return exchange(context, server, host, false);
	}

	// connects to 127.0.0.1 but gives the handshake `host` as the peer host
	private static int exchange(SSLContext context, TlsServer server, String host, boolean invalidate)
			throws IOException {
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			plain.setSoTimeout(10_000);
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, server.port(),
					false)) {
				socket.startHandshake();
				if (invalidate) {
					// no resumption: every connection must go through the trust manager
					socket.getSession().invalidate();
				}
				socket.getOutputStream().write(42);
				socket.getOutputStream().flush();
				return socket.getInputStream().read();
			}
		}
	}

	// drives a client engine against a server engine in memory
	private static void handshake(SSLEngine client, SSLContext serverContext) throws Exception {
		SSLEngine server = serverContext.createSSLEngine();
		server.setUseClientMode(false);
		client.setUseClientMode(true);
		int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
		ByteBuffer toServer = ByteBuffer.allocate(size * 4);
		ByteBuffer toClient = ByteBuffer.allocate(size * 4);
		ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 4);
		ByteBuffer empty = ByteBuffer.allocate(0);
		client.beginHandshake();
		server.beginHandshake();
		for (int round = 0; round < 200; round++) {
			if (done(client) && done(server)) {
				return;
			}
			step(client, empty, toServer, toClient, app);
			step(server, empty, toClient, toServer, app);
		}
		throw new IllegalStateException("Handshake did not finish");
	}

	private static boolean done(SSLEngine engine) {
		HandshakeStatus status = engine.getHandshakeStatus();
		return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
	}

	private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
			throws Exception {
		HandshakeStatus status = engine.getHandshakeStatus();
		while (status == HandshakeStatus.NEED_TASK) {
			engine.getDelegatedTask().run();
			status = engine.getHandshakeStatus();
		}
		if (status == HandshakeStatus.NEED_WRAP) {
			engine.wrap(empty, out);
		}
		else if (status == HandshakeStatus.NEED_UNWRAP) {
			in.flip();
			SSLEngineResult result = engine.unwrap(in, app);
			in.compact();
			app.clear();
			if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
				return;
			}
		}
	}

}
