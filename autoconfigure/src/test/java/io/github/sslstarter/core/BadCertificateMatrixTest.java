package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestCrl;
import io.github.sslstarter.test.TlsServer;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.HostnameScheme.CommonName;
import io.github.sslstarter.verify.HostnameScheme.IpInCommonName;
import io.github.sslstarter.verify.HostnameScheme.Wildcards;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-certificate matrix: each case is served by a real server over 127.0.0.1 (an in-process
 * JSSE server, {@code openssl s_server} for a few, our own server for client certificates) to our
 * client trusting the test CA. Every bad certificate is refused with its {@link TlsFailure} class,
 * with zero false accepts; the good twins of the cases (the same setup with one thing right) are
 * accepted, so a refusal means the bad part was seen. The matrix is printed at the end
 * ({@code docs/RELIABILITY.md} holds a copy).
 *
 * <p>Not in the matrix: pin mismatch (no pin setting exists yet; {@link TlsFailure#PIN_MISMATCH}
 * is unused) and OCSP (no OCSP checking exists yet).
 */
class BadCertificateMatrixTest {

	private static final String ACCEPTED = "accepted";

	private static final TestCertificate ca = TestCertificate.authority("Matrix CA");

	private static final TestCertificate otherCa = TestCertificate.authority("Other CA");

	private static final TestCertificate root = TestCertificate.builder()
		.commonName("Matrix Root")
		.certificateAuthority(1)
		.build();

	private static final TestCertificate intermediate = TestCertificate.builder()
		.commonName("Matrix Intermediate")
		.certificateAuthority(0)
		.signedBy(root)
		.build();

	private static final TestCertificate client = TestCertificate.builder().commonName("matrix client").signedBy(ca).build();

	private static final List<String[]> rows = new ArrayList<>();

	private static final Map<String, Integer> counts = new ConcurrentHashMap<>();

	@TempDir
	static Path dir;

	@AfterAll
	static void printTheMatrix() {
		StringBuilder table = new StringBuilder("| case | served by | expected | got |\n|---|---|---|---|\n");
		for (String[] row : rows) {
			table.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		System.out.println("Bad-certificate matrix: " + rows.size() + " cases, " + counts.getOrDefault("refused", 0)
				+ " refusals expected, " + counts.getOrDefault("falseAccept", 0) + " false accepts, "
				+ counts.getOrDefault("wrongClass", 0) + " wrong classes\n" + table);
	}

	@TestFactory
	Stream<DynamicTest> everyBadCertificateIsRefusedWithItsClassAndEveryGoodTwinAccepted() {
		TestCertificate localhost = leaf().build();
		TestCertificate revoked = leaf().build();
		TestCrl crl = TestCrl.builder(ca).revoke(revoked).build();
		List<Case> cases = List.of(
				new Case("valid (control)", Served.jsse(localhost), (s) -> s, "localhost", null, null),
				new Case("expired", Served.jsse(leaf().expired().build()), (s) -> s, "localhost", null,
						TlsFailure.EXPIRED),
				new Case("expired", Served.openssl(leaf().expired().build()), (s) -> s, "localhost", null,
						TlsFailure.EXPIRED),
				new Case("not yet valid", Served.jsse(leaf().notYetValid().build()), (s) -> s, "localhost", null,
						TlsFailure.NOT_YET_VALID),
				new Case("self-signed", Served.jsse(TestCertificate.builder().localhost().build()), (s) -> s,
						"localhost", null, TlsFailure.UNTRUSTED_ISSUER),
				new Case("untrusted root", Served.jsse(leaf().signedBy(otherCa).build()), (s) -> s, "localhost", null,
						TlsFailure.UNTRUSTED_ISSUER),
				new Case("untrusted root", Served.openssl(leaf().signedBy(otherCa).build()), (s) -> s, "localhost",
						null, TlsFailure.UNTRUSTED_ISSUER),
				new Case("wrong host", Served.jsse(named("mail.example.org")), (s) -> s, "localhost", null,
						TlsFailure.HOSTNAME_MISMATCH),
				new Case("wrong host", Served.openssl(named("mail.example.org")), (s) -> s, "localhost", null,
						TlsFailure.HOSTNAME_MISMATCH),
				new Case("wildcard *.example.org for b.example.org (control)", Served.jsse(named("*.example.org")),
						(s) -> s, "localhost", "b.example.org", null),
				new Case("wildcard too deep: *.example.org for a.b.example.org", Served.jsse(named("*.example.org")),
						(s) -> s, "localhost", "a.b.example.org", TlsFailure.HOSTNAME_MISMATCH),
				new Case("not revoked, CRL configured (control)", Served.jsse(localhost),
						(s) -> s.crls(List.of(crl.crl())), "localhost", null, null),
				new Case("revoked by CRL (SslSettings.crls)", Served.jsse(revoked), (s) -> s.crls(List.of(crl.crl())),
						"localhost", null, TlsFailure.REVOKED),
				new Case("CRL configured, none from the leaf's issuer", Served.jsse(underIntermediate(), false),
						(s) -> s.trustedCertificates(List.of(root.certificate()))
							.crls(List.of(TestCrl.builder(root).build().crl())),
						"localhost", null, TlsFailure.REVOCATION_UNKNOWN),
				new Case("intermediate sent (control)", Served.jsse(underIntermediate(), false), (s) -> s.trustedCertificates(
						List.of(root.certificate())), "localhost", null, null),
				new Case("missing intermediate", Served.jsse(underIntermediate(), true),
						(s) -> s.trustedCertificates(List.of(root.certificate())), "localhost", null,
						TlsFailure.UNTRUSTED_ISSUER),
				new Case("intermediate not a CA (basicConstraints CA:false)", intermediateNotACa(), (s) -> s,
						"localhost", null, TlsFailure.UNTRUSTED_ISSUER),
				new Case("CN-only, scheme strict (default)", Served.jsse(cnOnly("localhost")), (s) -> s, "localhost",
						null, null),
				new Case("CN-only, scheme ldap (CN always)", Served.jsse(cnOnly("localhost")),
						(s) -> s.verifyScheme(HostnameScheme.named("ldap")), "localhost", null, null),
				new Case("CN-only, scheme sip (CN always)", Served.jsse(cnOnly("localhost")),
						(s) -> s.verifyScheme(HostnameScheme.named("sip")), "localhost", null, null),
				new Case("CN-only, custom scheme without CN", Served.jsse(cnOnly("localhost")),
						(s) -> s.verifyScheme(HostnameScheme.custom(CommonName.NEVER, Wildcards.FULL_LABEL,
								Wildcards.FULL_LABEL, IpInCommonName.NONE)),
						"localhost", null, TlsFailure.HOSTNAME_MISMATCH),
				new Case("CN localhost + DNS SAN other.example.org, scheme strict", Served.jsse(cnAndSan()), (s) -> s,
						"localhost", null, TlsFailure.HOSTNAME_MISMATCH),
				new Case("CN localhost + DNS SAN other.example.org, scheme ldap", Served.jsse(cnAndSan()),
						(s) -> s.verifyScheme(HostnameScheme.named("ldap")), "localhost", null, null),
				new Case("CN-only *.example.org for a.example.org, scheme smtp", Served.jsse(cnOnly("*.example.org")),
						(s) -> s.verifyScheme(HostnameScheme.named("smtp")), "localhost", "a.example.org", null),
				new Case("CN-only *.example.org for a.example.org, scheme ldap (no CN wildcards)",
						Served.jsse(cnOnly("*.example.org")), (s) -> s.verifyScheme(HostnameScheme.named("ldap")),
						"localhost", "a.example.org", TlsFailure.HOSTNAME_MISMATCH),
				new Case("CN-only *.example.org for a.example.org, scheme sip (no wildcards)",
						Served.jsse(cnOnly("*.example.org")), (s) -> s.verifyScheme(HostnameScheme.named("sip")),
						"localhost", "a.example.org", TlsFailure.HOSTNAME_MISMATCH),
				new Case("CN-only 127.0.0.1 for 127.0.0.1, scheme strict (no IP in CN)", Served.jsse(cnOnly("127.0.0.1")),
						(s) -> s, "127.0.0.1", null, TlsFailure.HOSTNAME_MISMATCH),
				new Case("CN-only 127.0.0.1 for 127.0.0.1, scheme default (IP in CN)", Served.jsse(cnOnly("127.0.0.1")),
						(s) -> s.verifyScheme(HostnameScheme.DEFAULT), "127.0.0.1", null, null),
				new Case("IP SAN 127.0.0.1 for 127.0.0.1", Served.jsse(ipOnly()), (s) -> s, "127.0.0.1", null, null),
				// weak keys and signatures: refused at the default ssl.security-level 2, as OpenSSL does
				new Case("weak key RSA-1024", Served.jsse(leaf().keyType(KeyType.RSA_1024).build()), (s) -> s,
						"localhost", null, TlsFailure.WEAK_CERTIFICATE),
				new Case("weak key RSA-1024, security-level 1 (control)",
						Served.jsse(leaf().keyType(KeyType.RSA_1024).build()), (s) -> s.securityLevel(1), "localhost",
						null, null),
				new Case("SHA-1 signature", Served.jsse(leaf().signatureAlgorithm("SHA1withECDSA").build()), (s) -> s,
						"localhost", null, TlsFailure.WEAK_CERTIFICATE),
				new Case("SHA-1 signature, security-level 0 (control)",
						Served.jsse(leaf().signatureAlgorithm("SHA1withECDSA").build()), (s) -> s.securityLevel(0),
						"localhost", null, null),
				new Case("IP SAN 127.0.0.1 for 127.0.0.2", Served.jsse(ipOnly()), (s) -> s, "127.0.0.1", "127.0.0.2",
						TlsFailure.HOSTNAME_MISMATCH));
		List<DynamicTest> tests = new ArrayList<>();
		for (Case c : cases) {
			tests.add(DynamicTest.dynamicTest(c.name() + " (" + c.served().by() + ")", () -> {
				String got = attempt(c);
				record(c.name(), c.served().by(), c.expected(), got);
			}));
		}
		TestCertificate stranger = TestCertificate.builder().commonName("stranger").signedBy(otherCa).build();
		tests.add(DynamicTest.dynamicTest("client certificate from the right CA (control, our client → our server)",
				() -> clientCertificateFromOurClient("client certificate from the right CA (control)", client, null,
						null)));
		tests.add(DynamicTest.dynamicTest("client certificate from the wrong CA (openssl s_client → our server)",
				() -> clientCertificateFromOpenssl(stranger)));
		// the JDK's key manager offers only a certificate from a CA the server names: our client
		// then sends none, and both sides say a client certificate is required
		tests.add(DynamicTest.dynamicTest("client certificate from the wrong CA (our client → our server)",
				() -> clientCertificateFromOurClient("client certificate from the wrong CA, not offered", stranger,
						TlsFailure.CLIENT_CERTIFICATE_REQUIRED, TlsFailure.CLIENT_CERTIFICATE_REQUIRED)));
		return tests.stream();
	}

	private static void record(String name, String by, TlsFailure expected, String got) {
		String wanted = (expected != null) ? expected.name() : ACCEPTED;
		synchronized (rows) {
			rows.add(new String[] { name, by, wanted, got });
		}
		if (expected != null) {
			counts.merge("refused", 1, Integer::sum);
			if (got.equals(ACCEPTED)) {
				counts.merge("falseAccept", 1, Integer::sum);
			}
			else if (!got.equals(wanted)) {
				counts.merge("wrongClass", 1, Integer::sum);
			}
		}
		assertThat(got).as(name + " served by " + by).isEqualTo(wanted);
	}

	private static String attempt(Case c) throws Exception {
		SslSettings.Builder settings = SslSettings.builder()
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10))
			.readTimeout(Duration.ofSeconds(10));
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(c.settings().apply(settings).build()));
		try (AutoCloseable server = c.served().start()) {
			int port = (server instanceof TlsServer tls) ? tls.port() : ((RunningTool) server).port();
			try (SSLSocket socket = factory.connect(c.host(), port, null, c.verifyName())) {
				socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
				socket.getOutputStream().flush();
				assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
					.readLine()).as("an answer over the accepted connection").isNotNull();
				return ACCEPTED;
			}
			catch (SslConnectionException ex) {
				return ex.failure().name();
			}
		}
	}

	private static SslServerSocketFactory serverRequiringClientCertificates() {
		return new SslServerSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(identity(leaf().build()))
			.clientAuth(ClientAuth.NEED)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10))
			.build()));
	}

	private static CompletableFuture<String> acceptOne(SslServerSocketFactory factory, ServerSocket listener) {
		return CompletableFuture.supplyAsync(() -> {
			try (SSLSocket accepted = factory.handshake((SSLSocket) listener.accept())) {
				return ACCEPTED;
			}
			catch (SslConnectionException ex) {
				return ex.failure().name();
			}
			catch (IOException ex) {
				return ex.toString();
			}
		});
	}

	// TLS 1.2, so that the client learns of the refusal in the handshake; in TLS 1.3 the server
	// checks the client's certificate after the client has finished
	private static void clientCertificateFromOurClient(String name, TestCertificate certificate, TlsFailure server,
			TlsFailure client) throws Exception {
		SslServerSocketFactory serverFactory = serverRequiringClientCertificates();
		SslSocketFactory clientFactory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.protocols("TLSv1.2")
			.identity(identity(certificate))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10))
			.build()));
		try (ServerSocket listener = serverFactory.createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<String> serverSaw = acceptOne(serverFactory, listener);
			String clientSaw;
			try (SSLSocket socket = clientFactory.connect("localhost", listener.getLocalPort())) {
				clientSaw = ACCEPTED;
			}
			catch (SslConnectionException ex) {
				clientSaw = ex.failure().name();
			}
			record(name + ": our server", "our client → our server", server, serverSaw.get(15, TimeUnit.SECONDS));
			record(name + ": our client (TLS 1.2)", "our client → our server", client, clientSaw);
		}
	}

	// s_client sends its certificate whatever CAs the server names
	private static void clientCertificateFromOpenssl(TestCertificate certificate) throws Exception {
		SslServerSocketFactory serverFactory = serverRequiringClientCertificates();
		TestCertificate.PemFiles files = certificate.writeTo(dir, "stranger");
		try (ServerSocket listener = serverFactory.createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<String> serverSaw = acceptOne(serverFactory, listener);
			ExternalTool.Result result = ExternalTool.openssl()
				.timeout(Duration.ofSeconds(15))
				.run("s_client", "-connect", "127.0.0.1:" + listener.getLocalPort(), "-servername", "localhost",
						"-CAfile", ca.writeCertificate(dir.resolve("ca.pem")).toString(), "-cert",
						files.chain().toString(), "-key", files.privateKey().toString(), "-tls1_2");
			record("client certificate from the wrong CA, sent: our server", "openssl s_client → our server",
					TlsFailure.UNTRUSTED_ISSUER, serverSaw.get(15, TimeUnit.SECONDS));
			assertThat(result.output()).as("s_client is told why").contains("alert");
		}
	}

	private static TestCertificate.Builder leaf() {
		return TestCertificate.builder().localhost().signedBy(ca);
	}

	private static TestCertificate named(String name) {
		return TestCertificate.builder().commonName(name).dnsNames(name).signedBy(ca).build();
	}

	private static TestCertificate cnOnly(String commonName) {
		return TestCertificate.builder().commonName(commonName).signedBy(ca).build();
	}

	private static TestCertificate cnAndSan() {
		return TestCertificate.builder().commonName("localhost").dnsNames("other.example.org").signedBy(ca).build();
	}

	private static TestCertificate ipOnly() {
		return TestCertificate.builder().commonName("ip only").ipAddresses("127.0.0.1").signedBy(ca).build();
	}

	private static TestCertificate underIntermediate() {
		return TestCertificate.builder().localhost().signedBy(intermediate).build();
	}

	// TestCertificate refuses a non-CA issuer, so the leaf under it is made here
	private static Served intermediateNotACa() {
		TestCertificate notACa = TestCertificate.builder().commonName("Not A CA").signedBy(ca).build();
		try {
			KeyPair keys = KeyType.EC_P256.generate();
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(notACa.certificate(),
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(30))), new X500Principal("CN=localhost"), keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
			X509Certificate leaf = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(notACa.privateKey())));
			return new Served("JSSE", () -> TlsServer.builder()
				.sslContext(serving(keys.getPrivate(), leaf, notACa.certificate(), ca.certificate()))
				.start());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static SSLContext serving(PrivateKey key, X509Certificate... chain) throws Exception {
		char[] password = "matrix".toCharArray();
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", key, password, chain);
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, password);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	/** One row: what is served, how the client is set up, where it connects and what it must see. */
	private record Case(String name, Served served, UnaryOperator<SslSettings.Builder> settings, String host,
			String verifyName, TlsFailure expected) {
	}

	/** A server for one case, started for it and stopped after it. */
	private record Served(String by, ServerStart starter) {

		static Served jsse(TestCertificate identity) {
			return new Served("JSSE", () -> TlsServer.builder().certificate(identity).start());
		}

		// the leaf alone, or the chain up to its root
		static Served jsse(TestCertificate identity, boolean leafOnly) {
			return new Served("JSSE", () -> TlsServer.builder()
				.sslContext(leafOnly ? serving(identity.privateKey(), identity.certificate())
						: serving(identity.privateKey(), identity.chain().toArray(new X509Certificate[0])))
				.start());
		}

		static Served openssl(TestCertificate identity) {
			return new Served("openssl s_server", () -> ExternalTool.opensslServer(dir, identity, "-rev"));
		}

		AutoCloseable start() throws Exception {
			return this.starter.start();
		}

	}

	private interface ServerStart {

		AutoCloseable start() throws Exception;

	}

}
