package io.github.sslstarter.core;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * OpenSSL's security level ({@code security-level}, {@code @SECLEVEL=n}) judges the keys and
 * signatures of every certificate on the peer's path to its trust anchor, inside the handshake,
 * for server and client certificates: real handshakes over loopback with certificates made here.
 */
class SecurityLevelTest {

	private static final Pki.Ca rsaCa = Pki.ca("RSA CA", Pki.rsa(2048), "SHA256withRSA");

	private static final Pki.Ca ecCa = Pki.ca("EC CA", Pki.ec("secp256r1"), "SHA256withECDSA");

	private static final KeyPair rsa1024 = Pki.rsa(1024);

	private static final KeyPair rsa2048 = Pki.rsa(2048);

	private static final Identity rsa1024Leaf = rsaCa.issue("rsa1024.localhost", rsa1024, "SHA256withRSA");

	private static final Identity sha1Leaf = rsaCa.issue("sha1.localhost", rsa2048, "SHA1withRSA");

	private static final Identity md5Leaf = rsaCa.issue("md5.localhost", rsa2048, "MD5withRSA");

	private static final Identity rsa2048Leaf = rsaCa.issue("rsa2048.localhost", rsa2048, "SHA256withRSA");

	private static final Identity ecLeaf = ecCa.issue("ec.localhost", Pki.ec("secp256r1"), "SHA256withECDSA");

	private static final Identity rsaLeafUnderEcCa = ecCa.issue("rsa2048.localhost", rsa2048, "SHA256withECDSA");

	private static final Identity leafUnderWeakIntermediate = rsaCa
		.intermediate("RSA-1024 Intermediate", rsa1024, "SHA256withRSA")
		.issue("intermediate.localhost", rsa2048, "SHA256withRSA");

	private static SslSocketFactory client(Pki.Ca ca, Integer level) {
		SslSettings.Builder settings = SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false);
		if (level != null) {
			settings.securityLevel(level);
		}
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	/** A server presenting {@code identity}; level 0, so that it may present a weak one. */
	private static TestTlsServer server(Identity identity) throws Exception {
		return TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(identity).securityLevel(0).build()));
	}

	private static void connects(SslSocketFactory client, Identity identity) throws Exception {
		try (TestTlsServer server = server(identity); SSLSocket socket = client.connect("localhost", server.port())) {
			assertThat(socket.getSession().isValid()).isTrue();
		}
	}

	private static SslConnectionException refuses(SslSocketFactory client, Identity identity) throws Exception {
		try (TestTlsServer server = server(identity)) {
			SslConnectionException[] failure = new SslConnectionException[1];
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client.connect("localhost", server.port()).close())
				.satisfies((ex) -> failure[0] = ex);
			assertThat(failure[0].failure()).isEqualTo(TlsFailure.WEAK_CERTIFICATE);
			assertThat(failure[0].getMessage()).contains("weak certificate").contains("Action:");
			System.out.println("REFUSED " + failure[0].getMessage());
			return failure[0];
		}
	}

	@Test
	void refusesAnRsa1024LeafAtTheDefaultLevel() throws Exception {
		assertThat(refuses(client(rsaCa, null), rsa1024Leaf))
			.hasMessageContaining("'CN=rsa1024.localhost' (depth 0) has an RSA key of 1024 bits (80 bits of security)")
			.hasMessageContaining("below security level 2 (112 bits)")
			.hasMessageContaining("security-level 1 or lower would accept it");
	}

	@Test
	void refusesAnRsa1024IntermediateAtTheDefaultLevel() throws Exception {
		assertThat(refuses(client(rsaCa, null), leafUnderWeakIntermediate))
			.hasMessageContaining("'CN=RSA-1024 Intermediate' (depth 1) has an RSA key of 1024 bits")
			.hasMessageContaining("security level 2");
	}

	@Test
	void refusesASha1SignedLeafAtTheDefaultLevel() throws Exception {
		assertThat(refuses(client(rsaCa, null), sha1Leaf))
			.hasMessageContaining("'CN=sha1.localhost' (depth 0) has the signature algorithm SHA1withRSA (63 bits")
			.hasMessageContaining("below security level 2")
			.hasMessageContaining("security-level 0 would accept it");
	}

	@Test
	void refusesAnMd5SignedLeafAtTheDefaultLevel() throws Exception {
		assertThat(refuses(client(rsaCa, null), md5Leaf))
			.hasMessageContaining("'CN=md5.localhost' (depth 0) has the signature algorithm MD5withRSA (39 bits")
			.hasMessageContaining("below security level 2")
			.hasMessageContaining("the JDK refuses it at every security level too");
	}

	@Test
	void acceptsRsa2048AndEcP256ChainsSignedWithSha256AtTheDefaultLevel() throws Exception {
		connects(client(rsaCa, null), rsa2048Leaf);
		connects(client(ecCa, null), ecLeaf);
		connects(client(ecCa, null), rsaLeafUnderEcCa);
	}

	@Test
	void acceptsRsa1024ButNotSha1AtLevel1AsOpenSsl3Does() throws Exception {
		connects(client(rsaCa, 1), rsa1024Leaf);
		connects(client(rsaCa, 1), leafUnderWeakIntermediate);
		assertThat(refuses(client(rsaCa, 1), sha1Leaf)).hasMessageContaining("SHA1withRSA")
			.hasMessageContaining("below security level 1 (80 bits)");
		assertThat(refuses(client(rsaCa, 1), md5Leaf)).hasMessageContaining("MD5withRSA");
	}

	@Test
	void acceptsWhatTheJdkAllowsAtLevel0() throws Exception {
		connects(client(rsaCa, 0), rsa1024Leaf);
		connects(client(rsaCa, 0), leafUnderWeakIntermediate);
		connects(client(rsaCa, 0), sha1Leaf);
	}

	@Test
	void anMd5SignatureIsRefusedByTheJdkEvenAtLevel0() throws Exception {
		// Java 17 names the algorithm MD5withRSA, Java 25 only MD5
		assertThat(refuses(client(rsaCa, 0), md5Leaf)).hasMessageContaining("'CN=md5.localhost'")
			.hasMessageContaining("MD5")
			.hasMessageContaining("jdk.certpath.disabledAlgorithms");
	}

	@Test
	void refusesRsa2048AndAcceptsEcP256AtLevel3() throws Exception {
		assertThat(refuses(client(ecCa, 3), rsaLeafUnderEcCa))
			.hasMessageContaining("'CN=rsa2048.localhost' (depth 0) has an RSA key of 2048 bits (112 bits of security)")
			.hasMessageContaining("below security level 3 (128 bits)")
			.hasMessageContaining("security-level 2 or lower would accept it");
		connects(client(ecCa, 3), ecLeaf);
	}

	@Test
	void judgesTheTrustAnchorsKeyButNotItsOwnSignature() throws Exception {
		Pki.Ca weakRoot = Pki.ca("RSA-1024 Root", rsa1024, "SHA256withRSA");
		assertThat(refuses(client(weakRoot, null), weakRoot.issue("root.localhost", rsa2048, "SHA256withRSA")))
			.hasMessageContaining("'CN=RSA-1024 Root' (the trust anchor, depth 1) has an RSA key of 1024 bits");
		Pki.Ca sha1Root = Pki.ca("SHA-1 Root", rsa2048, "SHA1withRSA");
		connects(client(sha1Root, null), sha1Root.issue("root.localhost", Pki.rsa(2048), "SHA256withRSA"));
	}

	@Test
	void judgesOnlyThePathToTheAnchorNotOtherCertificatesThePeerSends() throws Exception {
		// the peer sends its CA cross-signed by an old weak root; the client trusts the CA itself
		Pki.Ca oldRoot = Pki.ca("Old RSA-1024 Root", rsa1024, "SHA1withRSA");
		X509Certificate crossSigned = Pki.crossSign(ecCa, oldRoot, "SHA1withRSA");
		List<X509Certificate> chain = List.of(ecLeaf.chain().get(0), crossSigned, oldRoot.certificate());
		connects(client(ecCa, null), new Identity(ecLeaf.privateKey(), chain));
		assertThat(refuses(client(oldRoot, null), new Identity(ecLeaf.privateKey(), chain)))
			.hasMessageContaining("'CN=EC CA' (depth 1) has the signature algorithm SHA1withRSA");
	}

	@Test
	void aServerJudgesClientCertificatesTheSameWay() throws Exception {
		SslContextFactory server = new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(ecLeaf)
			.trustedCertificates(List.of(rsaCa.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(ClientAuth.NEED)
			.build());
		SslContextFactory weakClient = new SslContextFactory(SslSettings.builder()
			.name("client")
			.identity(rsaCa.issue("client-rsa1024", rsa1024, "SHA256withRSA"))
			.securityLevel(0)
			.trustedCertificates(List.of(ecCa.certificate()))
			.trustSystemDefaults(false)
			.build());
		Throwable refused = serverSideOutcome(server, weakClient);
		assertThat(refused).isInstanceOf(SslConnectionException.class);
		assertThat(((SslConnectionException) refused).failure()).isEqualTo(TlsFailure.WEAK_CERTIFICATE);
		assertThat(refused).hasMessageContaining("'CN=client-rsa1024' (depth 0) has an RSA key of 1024 bits")
			.hasMessageContaining("below security level 2");
		SslContextFactory lenient = new SslContextFactory(server.settings().toBuilder().securityLevel(1).build());
		assertThat(serverSideOutcome(lenient, weakClient)).isNull();
	}

	/** What the server's handshake with that client ended in: null when it succeeded. */
	private static Throwable serverSideOutcome(SslContextFactory server, SslContextFactory client) throws Exception {
		SslServerSocketFactory factory = new SslServerSocketFactory(server);
		try (SSLServerSocket listener = (SSLServerSocket) factory.createServerSocket(0, 5,
				InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
				try (SSLSocket accepted = factory.handshake((SSLSocket) listener.accept())) {
					accepted.getOutputStream().write('x');
					accepted.getOutputStream().flush();
					return null;
				}
				catch (Exception ex) {
					return ex;
				}
			});
			try (SSLSocket socket = new SslSocketFactory(client).connect("localhost", listener.getLocalPort())) {
				// TLS 1.3: the client learns of the server's verdict on its first read
				socket.setSoTimeout(5000);
				socket.getInputStream().read();
			}
			catch (java.io.IOException ex) {
				// refused by the server
			}
			return outcome.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aChainCallbackSeesTheWeaknessAndMayAcceptIt() throws Exception {
		List<String> errors = new CopyOnWriteArrayList<>();
		SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.trustedCertificates(List.of(rsaCa.certificate()))
			.trustSystemDefaults(false)
			.verifyChainCallback((preverified, depth, certificate, error) -> {
				if (!preverified) {
					errors.add(depth + ": " + error);
				}
				return true;
			})
			.build()));
		connects(client, rsa1024Leaf);
		assertThat(errors).singleElement().asString().startsWith("0: ").contains("RSA key of 1024 bits");
	}

	@Test
	void withoutVerificationNoLevelIsApplied() throws Exception {
		SslSocketFactory client = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("unverified")
			.verifyMode(VerifyMode.NONE)
			.build()));
		connects(client, sha1Leaf);
	}

	@Test
	void aSeclevelInTheCipherStringIsTheSameSettingAndWins() throws Exception {
		SslSettings settings = SslSettings.builder()
			.trustedCertificates(List.of(rsaCa.certificate()))
			.trustSystemDefaults(false)
			.securityLevel(3)
			.ciphers("DEFAULT:@SECLEVEL=1")
			.build();
		assertThat(settings.securityLevel()).isEqualTo(1);
		connects(new SslSocketFactory(new SslContextFactory(settings)), rsa1024Leaf);
	}

	@Test
	void theLevelFiltersTls12SuitesAsSeclevelInTheCipherStringDoes() {
		String ciphers = "ECDHE+AESGCM:AES128-GCM-SHA256";
		SslSettings base = SslSettings.builder().protocols("TLSv1.2").ciphers(ciphers).build();
		List<String> atLevel2 = new SslContextFactory(base).cipherSuites();
		List<String> atLevel3 = new SslContextFactory(base.toBuilder().securityLevel(3).build()).cipherSuites();
		List<String> seclevel3 = new SslContextFactory(base.toBuilder().ciphers(ciphers + ":@SECLEVEL=3").build())
			.cipherSuites();
		// Java 24+ have no TLS_RSA_ suite left for level 2 to let through
		if (List.of(new SslContextFactory(base).sslContext().getSupportedSSLParameters().getCipherSuites())
			.contains("TLS_RSA_WITH_AES_128_GCM_SHA256")) {
			assertThat(atLevel2).contains("TLS_RSA_WITH_AES_128_GCM_SHA256");
		}
		assertThat(atLevel3).isEqualTo(seclevel3).doesNotContain("TLS_RSA_WITH_AES_128_GCM_SHA256").isNotEmpty();
	}

	@Test
	void ourOwnWeakCertificateStopsTheContextUnlessTheLevelAllowsIt() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder().identity(rsa1024Leaf).build()))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("identity"))
			.satisfies((ex) -> assertThat(ex.action()).contains("lower security-level to 1"))
			.withMessageContaining("'CN=rsa1024.localhost' (depth 0) has an RSA key of 1024 bits")
			.withMessageContaining("below security level 2");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder().identity(sha1Leaf).securityLevel(1).build()))
			.withMessageContaining("'CN=sha1.localhost' (depth 0) has the signature algorithm SHA1withRSA");
		assertThat(new SslContextFactory(SslSettings.builder().identity(rsa1024Leaf).securityLevel(1).build())
			.settings()
			.securityLevel()).isEqualTo(1);
	}

	@Test
	void ourWholeChainIsJudgedButASelfSignedRootNotByItsSignature() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder().identity(leafUnderWeakIntermediate).build()))
			.withMessageContaining("'CN=RSA-1024 Intermediate' (depth 1) has an RSA key of 1024 bits");
		Pki.Ca weakRoot = Pki.ca("RSA-1024 Root", rsa1024, "SHA256withRSA");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> new SslContextFactory(SslSettings.builder()
				.identity(weakRoot.issue("root.localhost", rsa2048, "SHA256withRSA"))
				.build()))
			.withMessageContaining("'CN=RSA-1024 Root' (depth 1) has an RSA key of 1024 bits");
		Pki.Ca sha1Root = Pki.ca("SHA-1 Root", rsa2048, "SHA1withRSA");
		new SslContextFactory(
				SslSettings.builder().identity(sha1Root.issue("root.localhost", rsa2048, "SHA256withRSA")).build());
	}

	@Test
	void aLevelOutsideZeroToFiveIsRefused() {
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> SslSettings.builder().securityLevel(6).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("security-level"))
			.withMessageContaining("not 0 to 5");
	}

	/**
	 * Certificates with the keys and signature algorithms asked for, weak ones included: the
	 * project's {@link TestCertificate} with a key pair and a signature algorithm given.
	 */
	static final class Pki {

		private Pki() {
		}

		static KeyPair rsa(int bits) {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(bits);
				return generator.generateKeyPair();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		static KeyPair ec(String curve) {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec(curve));
				return generator.generateKeyPair();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** A self-signed CA. */
		static Ca ca(String commonName, KeyPair keys, String algorithm) {
			return new Ca(TestCertificate.builder()
				.commonName(commonName)
				.keyPair(keys)
				.signatureAlgorithm(algorithm)
				.certificateAuthority(4)
				.build());
		}

		/** A CA certificate for {@code subject}'s name and key, signed by {@code issuer} (a cross-signature). */
		static X509Certificate crossSign(Ca subject, Ca issuer, String algorithm) {
			return TestCertificate.builder()
				.subject(subject.certificate().getSubjectX500Principal().getName())
				.keyPair(subject.keys())
				.signatureAlgorithm(algorithm)
				.certificateAuthority(3)
				.signedBy(issuer.held())
				.build()
				.certificate();
		}

		/** A CA and its chain up to its root. */
		record Ca(TestCertificate held) {

			X509Certificate certificate() {
				return this.held.certificate();
			}

			KeyPair keys() {
				return this.held.keyPair();
			}

			/** A leaf for localhost and 127.0.0.1 with that key, signed with that algorithm. */
			Identity issue(String commonName, KeyPair leafKeys, String algorithm) {
				TestCertificate leaf = TestCertificate.builder()
					.commonName(commonName)
					.dnsNames("localhost")
					.ipAddresses("127.0.0.1")
					.keyPair(leafKeys)
					.signatureAlgorithm(algorithm)
					.signedBy(this.held)
					.build();
				// not Identity.of: its key check cannot sign with the curves too weak for the JDK
				return new Identity(leaf.privateKey(), leaf.chain());
			}

			/** An intermediate CA below this one. */
			Ca intermediate(String commonName, KeyPair intermediateKeys, String algorithm) {
				return new Ca(TestCertificate.builder()
					.commonName(commonName)
					.keyPair(intermediateKeys)
					.signatureAlgorithm(algorithm)
					.certificateAuthority(3)
					.signedBy(this.held)
					.build());
			}

		}

	}

}
