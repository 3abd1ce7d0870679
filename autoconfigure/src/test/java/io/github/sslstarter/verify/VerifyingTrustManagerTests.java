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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real TLS handshakes over loopback against in-process JSSE servers: the host name is checked
 * inside the handshake, per connection.
 */
class VerifyingTrustManagerTests {

	private static final String WILDCARD = "CN=srv.example.org; DNS:*.example.org";

	private static final String PARTIAL = "DNS:w*.example.org";

	private static final String COMMON_NAME_ONLY = "CN=cn.example.org; DNS:san.example.org";

	private static final String IP = "DNS:localhost; IP:127.0.0.1";

	private static final String A = "DNS:a.example.org";

	private static final String B = "DNS:b.example.org";

	private static final List<LoopbackServer> servers = new ArrayList<>();

	private static LoopbackServer wildcard;

	private static LoopbackServer partial;

	private static LoopbackServer commonNameOnly;

	private static LoopbackServer ip;

	private static LoopbackServer a;

	private static LoopbackServer b;

	private static LoopbackServer tls12;

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

	private static LoopbackServer start(String spec, String protocol) throws IOException {
		LoopbackServer server = new LoopbackServer(spec, protocol);
		servers.add(server);
		return server;
	}

	@AfterAll
	static void stopServers() throws IOException {
		for (LoopbackServer server : servers) {
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.named(scheme), null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLS");
		LoopbackServer target = switch (server) {
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.named("http"), null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLS");
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLS");
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.DEFAULT, null);
		SSLContext client = TestCertificates.clientContext(trustManager, "TLS");
		// an engine created without peer host: a socket always knows at least the peer address
		SSLEngine engine = client.createSSLEngine();
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> handshake(engine, TestCertificates.serverContext(A, "TLS")))
			.withStackTraceContaining("No host name to verify");
	}

	@Test
	void schemeNoneNeedsNoName() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.NONE, null);
		SSLEngine engine = TestCertificates.clientContext(trustManager, "TLS").createSSLEngine();
		handshake(engine, TestCertificates.serverContext(A, "TLS"));
		assertThat(trustManager.ledger().verified(engine)).isTrue();
	}

	@Test
	void stillRejectsAnUntrustedChain() {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingAnotherCa(),
				HostnameScheme.NONE, null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLS");
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> exchange(context, a, "a.example.org"));
	}

	@Test
	void verifiedIsTrueAfterAFullHandshakeAndFalseAfterResumption() throws Exception {
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLSv1.2");
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.DEFAULT, null);
		SSLContext client = TestCertificates.clientContext(trustManager, "TLS");
		SSLContext server = TestCertificates.serverContext(A, "TLS");
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
		VerifyingTrustManager trustManager = new VerifyingTrustManager(TestCertificates.trustingCa(),
				HostnameScheme.DEFAULT, null);
		SSLContext context = TestCertificates.clientContext(trustManager, "TLS");
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Callable<String>> tasks = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				LoopbackServer server = (i % 2 == 0) ? a : b;
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
		return TestCertificates.clientContext(
				new VerifyingTrustManager(TestCertificates.trustingCa(), HostnameScheme.named(scheme), fixedName),
				"TLS");
	}

	private static int exchange(SSLContext context, LoopbackServer server, String host) throws IOException {
		return exchange(context, server, host, false);
	}

	// connects to 127.0.0.1 but gives the handshake `host` as the peer host
	private static int exchange(SSLContext context, LoopbackServer server, String host, boolean invalidate)
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
