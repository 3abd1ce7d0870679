package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.material.Identity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session is resumed only for the name it was verified for: names given per call against a
 * server that picks its certificate by SNI each keep sessions of their own, and a session that
 * turns out to be for another name is dropped and the connection made again in full.
 */
class SessionsByVerifiedNameTest {

	private static final TestCertificate ca = TestCertificate.authority("By-name CA");

	private static final Identity A = Identities.identity(TestCertificate.builder().commonName("a.test").dnsNames("a.test").ipAddresses().signedBy(ca).build());

	private static final Identity B = Identities.identity(TestCertificate.builder().commonName("b.test").dnsNames("b.test").ipAddresses().signedBy(ca).build());

	/** A JSSE server that presents a.test or b.test by the SNI name the client sent, and echoes a line. */
	private static final class SniServer implements AutoCloseable {

		private final SSLServerSocket server;

		SniServer(String protocol) throws Exception {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("a.test", A.privateKey(), new char[0], A.chain().toArray(new X509Certificate[0]));
			store.setKeyEntry("b.test", B.privateKey(), new char[0], B.chain().toArray(new X509Certificate[0]));
			// SunX509 keeps the key store's aliases as they are (PKIX prefixes them)
			KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
			keys.init(store, new char[0]);
			X509ExtendedKeyManager byName = new BySni((X509ExtendedKeyManager) keys.getKeyManagers()[0]);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new javax.net.ssl.KeyManager[] { byName }, null, null);
			this.server = (SSLServerSocket) context.getServerSocketFactory()
				.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
			this.server.setEnabledProtocols(new String[] { protocol });
			Thread thread = new Thread(() -> {
				while (!this.server.isClosed()) {
					try (Socket socket = this.server.accept()) {
						socket.setSoTimeout(5000);
						String line = new BufferedReader(
								new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
							.readLine();
						OutputStream out = socket.getOutputStream();
						out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
						out.flush();
					}
					catch (Exception ex) {
						// the next client
					}
				}
			}, "sni-server");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws Exception {
			this.server.close();
		}

	}

	private static final class BySni extends X509ExtendedKeyManager {

		private final X509ExtendedKeyManager keys;

		BySni(X509ExtendedKeyManager keys) {
			this.keys = keys;
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			// Java 25 also asks with no handshake session, when it weighs resuming one: then none
			if (!"EC".equals(keyType) || !(socket instanceof SSLSocket ssl)
					|| !(ssl.getHandshakeSession() instanceof ExtendedSSLSession session)) {
				return null;
			}
			List<SNIServerName> names = session.getRequestedServerNames();
			return (!names.isEmpty() && ((SNIHostName) names.get(0)).getAsciiName().equals("b.test")) ? "b.test"
					: "a.test";
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return null;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return null;
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.keys.getServerAliases(keyType, issuers);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.keys.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.keys.getPrivateKey(alias);
		}

	}

	private static SslSettings.Builder client(String protocol) {
		return SslSettings.builder()
			.protocols(protocol)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false);
	}

	private static boolean exchange(SslSocketFactory factory, SSLSocket socket) throws Exception {
		try (socket) {
			socket.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
			new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
			return factory.reused(socket);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void namesGivenPerCallKeepSessionsOfTheirOwn(String protocol) throws Exception {
		try (SniServer server = new SniServer(protocol)) {
			SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client(protocol).build()));
			List<String> names = List.of("a.test", "b.test", "b.test", "a.test", "b.test", "a.test");
			List<Boolean> resumed = new ArrayList<>();
			for (String name : names) {
				resumed.add(exchange(factory, factory.connect("127.0.0.1", server.port(), name, name)));
			}
			// each name's first connection is full; every later one resumes its own name's session,
			// where the server resumes at all (this one cannot on Java 25, which asks its key manager
			// without a handshake session when it weighs resuming)
			assertThat(resumed.subList(0, 2)).containsExactly(false, false);
			if (resumed.contains(true)) {
				assertThat(resumed).containsExactly(false, false, true, true, true, true);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aResumedSessionForAnotherNameIsDroppedAndTheConnectionMadeInFull(String protocol) throws Exception {
		try (SniServer server = new SniServer(protocol)) {
			// a context whose verify.name is a.test; its cache is keyed by the host connected to
			SslContextFactory context = new SslContextFactory(client(protocol).verifyName("a.test").build());
			// a socket of the same context, made by hand, verified for b.test, leaves its session under 127.0.0.1
			SSLSocket byHand = (SSLSocket) context.sslContext()
				.getSocketFactory()
				.createSocket("127.0.0.1", server.port());
			SSLParameters parameters = context.clientParameters("b.test", null);
			byHand.setSSLParameters(parameters);
			context.ledger().verifyName(byHand, "b.test");
			SslSocketFactory factory = new SslSocketFactory(context);
			try (byHand) {
				byHand.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
				new BufferedReader(new InputStreamReader(byHand.getInputStream(), StandardCharsets.UTF_8)).readLine();
			}
			assertThat(context.sessionCache().size(io.github.sslstarter.session.SessionSide.CLIENT)).isPositive();
			SSLSocket socket = factory.connect("127.0.0.1", server.port(), "a.test", null);
			assertThat(context.ledger().verifiedName(socket)).isEqualTo("a.test");
			assertThat(exchange(factory, socket)).isFalse();
			// and every later connection is verified for a.test too, resumed or not
			for (int i = 0; i < 3; i++) {
				SSLSocket again = factory.connect("127.0.0.1", server.port(), "a.test", null);
				assertThat(context.ledger().verifiedName(again)).isEqualTo("a.test");
				exchange(factory, again);
			}
			// the session verified for b.test is invalidated; a JVM that keeps further TLS 1.3 tickets
			// inside a cached session (Java 25) may offer one of those again: each such offer is
			// refused and retried in full, as the connections above show
		}
	}

}
