package io.github.sslstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.actuate.TlsPeerHealthAutoConfiguration;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestCrl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-configuration corpus: every broken configuration, at the top level and in a named
 * context, stops startup with the failure analysis Spring Boot would print (all of its analyzers,
 * in its order), whose description names the full property, whose action is not empty, and which
 * shows neither a password nor key material. Every password property holds {@value #SECRET}.
 * The corpus is printed, each case with the first line of its analysis.
 */
class BadConfigurationCorpusTest {

	private static final String SECRET = "s3cr3t-Passw0rd";

	/** The password the keystores and the encrypted key were really made with: never configured. */
	private static final String OTHER = "other-Passw0rd";

	private static final String MAIL = "ssl.contexts.mail.";

	private static final TestCertificate ca = TestCertificate.authority("Corpus CA");

	private static final TestCertificate server = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final TestCertificate other = TestCertificate.builder().commonName("other").dnsNames("other")
		.signedBy(ca).build();

	private static final Path dir = files();

	private static final AtomicInteger printed = new AtomicInteger();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class,
				TlsPeerHealthAutoConfiguration.class));

	/** One broken configuration and the property its analysis must name. */
	record Case(String property, String[] properties) {

		@Override
		public String toString() {
			return String.join(" ", this.properties).replace(dir.toString(), "$DIR")
				.replaceAll("(?s)-----BEGIN PRIVATE KEY-----.*-----END PRIVATE KEY-----\\s*", "<inline PEM key>");
		}

	}

	private static Case bad(String property, String... properties) {
		return new Case(property, properties);
	}

	private static String file(String name) {
		return dir.resolve(name).toString();
	}

	static List<Case> corpus() {
		List<Case> cases = new ArrayList<>();
		for (String p : List.of("ssl.", MAIL)) {
			files(cases, p);
			unknownNames(cases, p);
			contradictions(cases, p);
			durationsAndSizes(cases, p);
			references(cases, p);
		}
		cases.add(bad(MAIL + "enabled", MAIL + "enabled=false"));
		cases.add(bad(MAIL + "publish-bundles", MAIL + "publish-bundles=false"));
		cases.add(bad(MAIL + "contexts", MAIL + "contexts.inner.protocols=TLSv1.3"));
		cases.add(bad("ssl.contexts.primary", "ssl.contexts.primary.protocols=TLSv1.3"));
		health(cases);
		return cases;
	}

	private static void files(List<Case> cases, String p) {
		String pair = p + "identity.private-key=" + file("server.key");
		String cert = p + "identity.certificate=" + file("server.crt");
		// identity.certificate
		for (String bad : List.of("missing.pem", "empty.pem", "truncated.crt", "server.key", "garbage.bin", "sub")) {
			cases.add(bad(p + "identity.certificate", p + "identity.certificate=" + file(bad), pair));
		}
		// identity.private-key
		for (String bad : List.of("missing.pem", "empty.pem", "truncated.key", "server.crt", "garbage.bin", "sub")) {
			cases.add(bad(p + "identity.private-key", cert, p + "identity.private-key=" + file(bad)));
		}
		// trust.ca-file
		for (String bad : List.of("missing.pem", "empty.pem", "truncated.crt", "server.key", "garbage.bin", "sub")) {
			cases.add(bad(p + "trust.ca-file", p + "trust.ca-file=" + file(bad)));
		}
		// trust.crl-file
		String anchors = p + "trust.ca-file=" + file("ca.crt");
		for (String bad : List.of("missing.pem", "empty.pem", "truncated.crl", "server.crt", "garbage.bin", "sub")) {
			cases.add(bad(p + "trust.crl-file", anchors, p + "trust.crl-file=" + file(bad)));
		}
		// dh-file
		for (String bad : List.of("missing.pem", "empty.pem", "truncated-dh.pem", "server.crt", "garbage.bin", "sub")) {
			cases.add(bad(p + "dh-file", p + "dh-file=" + file(bad)));
		}
		// identity.keystore.location
		for (String bad : List.of("missing.p12", "empty.pem", "truncated.p12", "server.crt", "garbage.bin", "sub")) {
			cases.add(bad(p + "identity.keystore.location", p + "identity.keystore.location=" + file(bad),
					p + "identity.keystore.password=" + SECRET));
		}
		// trust.ca-path
		cases.add(bad(p + "trust.ca-path", p + "trust.ca-path=" + file("ca.crt")));
		cases.add(bad(p + "trust.ca-path", p + "trust.ca-path=" + file("no-such-dir")));
		// passwords
		cases.add(bad(p + "identity.keystore.location", p + "identity.keystore.location=" + file("other.p12"),
				p + "identity.keystore.password=" + SECRET));
		cases.add(bad(p + "identity.private-key", cert, p + "identity.private-key=" + file("encrypted.key"),
				p + "identity.private-key-password=" + SECRET));
		cases.add(bad(p + "identity.private-key", cert, p + "identity.private-key=" + file("encrypted.key")));
		// a wrong password for the keystore's key entry (the store's password right) names that property
		cases.add(bad(p + "identity.private-key-password", p + "identity.keystore.location=" + file("secret.p12"),
				p + "identity.keystore.password=" + SECRET, p + "identity.private-key-password=" + SECRET + "-not"));
	}

	private static void unknownNames(List<Case> cases, String p) {
		cases.add(bad(p + "verify.scheme", p + "verify.scheme=ldapx"));
		cases.add(bad(p + "protocols", p + "protocols=TLSv1.9"));
		cases.add(bad(p + "protocols", p + "protocols=SSLv3"));
		cases.add(bad(p + "ciphers", p + "ciphers=TLS_NO_SUCH_SUITE"));
		cases.add(bad(p + "tls13-ciphers", p + "protocols=TLSv1.3", p + "tls13-ciphers=TLS_NOPE_SHA256"));
		cases.add(bad(p + "named-groups", p + "named-groups=x25519,nosuchgroup"));
		cases.add(bad(p + "provider", p + "provider=NoSuchProvider"));
		cases.add(bad(p + "address-family", p + "address-family=ipv5"));
		cases.add(bad(p + "client-auth", p + "client-auth=sometimes"));
		cases.add(bad(p + "verify.mode", p + "verify.mode=paranoid"));
		cases.add(bad(p + "verify.custom.common-name", p + "verify.scheme=custom", p + "verify.custom.common-name=often"));
		cases.add(bad(p + "sni", p + "sni=bad_name!"));
		cases.add(bad(p + "alpn[1]", p + "alpn=h2,"));
	}

	private static void contradictions(List<Case> cases, String p) {
		cases.add(bad(p + "client-auth", p + "client-auth=need", p + "verify.mode=none"));
		cases.add(bad(p + "verify.custom", p + "verify.scheme=http", p + "verify.custom.common-name=never"));
		cases.add(bad(p + "identity.private-key", p + "identity.certificate=" + file("server.crt")));
		cases.add(bad(p + "identity.certificate", p + "identity.private-key=" + file("server.key")));
		cases.add(bad(p + "identity.private-key", p + "identity.certificate=" + file("server.crt"),
				p + "identity.private-key=" + file("other.key")));
		// an inline key that does not match: the analysis must not show the key
		cases.add(bad(p + "identity.private-key", p + "identity.certificate=" + file("server.crt"),
				p + "identity.private-key=" + other.privateKeyPem()));
		cases.add(bad(p + "trust", p + "trust.system-defaults=false"));
	}

	private static void durationsAndSizes(List<Case> cases, String p) {
		cases.add(bad(p + "timeouts.connect", p + "timeouts.connect=-1s"));
		cases.add(bad(p + "timeouts.handshake", p + "timeouts.handshake=-5s"));
		cases.add(bad(p + "timeouts.read", p + "timeouts.read=-1ms"));
		cases.add(bad(p + "timeouts.handshake", p + "timeouts.handshake=soon"));
		cases.add(bad(p + "session-cache.size", p + "session-cache.size=-5"));
		cases.add(bad(p + "session-cache.size", p + "session-cache.size=many"));
		cases.add(bad(p + "session-cache.timeout", p + "session-cache.timeout=-1h"));
		cases.add(bad(p + "session-cache.timeout", p + "session-cache.timeout=0"));
	}

	private static void references(List<Case> cases, String p) {
		cases.add(bad(p + "identity.certificate", p + "identity.certificate=bean:noSuchCertificate",
				p + "identity.private-key=bean:noSuchKey"));
		cases.add(bad(p + "identity.private-key", p + "identity.certificate=" + file("server.crt"),
				p + "identity.private-key=bean:noSuchKey"));
		cases.add(bad(p + "trust.ca-file", p + "trust.ca-file=bean:noSuchCa"));
		cases.add(bad(p + "verify.hostname-callback", p + "verify.hostname-callback=noSuchBean"));
		cases.add(bad(p + "verify.chain-callback", p + "verify.chain-callback=noSuchBean"));
		cases.add(bad(p + "identity.bundle", p + "identity.bundle=partners"));
		cases.add(bad(p + "trust.bundle", p + "trust.bundle=partners"));
	}

	private static void health(List<Case> cases) {
		String peer = "ssl.health.peers[0].";
		String[] target = { peer + "host=127.0.0.1", peer + "port=1" };
		cases.add(bad(peer + "context", with(target, peer + "context=smtp")));
		cases.add(bad(peer + "context", with(target, peer + "context=smtp", MAIL + "protocols=TLSv1.3")));
		cases.add(bad(peer + "start-tls", with(target, peer + "start-tls=smtpx")));
		cases.add(bad(peer + "start-tls", with(target, peer + "context=mail", peer + "start-tls=gopher",
				MAIL + "protocols=TLSv1.3")));
		cases.add(bad(peer + "scheme", with(target, peer + "scheme=ldapx")));
		cases.add(bad(peer + "host", peer + "port=443"));
		cases.add(bad(peer + "port", peer + "host=127.0.0.1", peer + "port=70000"));
		cases.add(bad(peer + "expiry-warning-threshold", with(target, peer + "expiry-warning-threshold=-1d")));
		cases.add(bad("ssl.health.timeout", "ssl.health.timeout=-1s"));
		cases.add(bad("ssl.health.timeout", "ssl.health.timeout=0"));
		cases.add(bad("ssl.health.cache-ttl", "ssl.health.cache-ttl=-30s"));
		cases.add(bad("ssl.health.cache-ttl", "ssl.health.cache-ttl=0"));
		cases.add(bad("ssl.health.threads", "ssl.health.threads=0"));
		cases.add(bad("ssl.health.threads", "ssl.health.threads=-4"));
		cases.add(bad("ssl.health.threads", "ssl.health.threads=lots"));
		cases.add(bad("ssl.health.expiry-warning-threshold", "ssl.health.expiry-warning-threshold=-14d"));
		cases.add(bad("ssl.health.expiring-status", "ssl.health.expiring-status= "));
	}

	private static String[] with(String[] first, String... more) {
		String[] all = Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

	@Test
	void holdsAtLeastEightyCases() {
		assertThat(corpus()).hasSizeGreaterThanOrEqualTo(80);
	}

	@ParameterizedTest(name = "{index}: {0}")
	@MethodSource("corpus")
	void stopsStartupNamingThePropertyWithoutSecrets(Case bad) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		Throwable[] failure = new Throwable[1];
		this.runner.withPropertyValues(bad.properties()).run((context) -> {
			assertThat(context).as("startup").hasFailed();
			failure[0] = context.getStartupFailure();
			analysis[0] = BadConfigurationTest.bootsAnalysis(failure[0]);
		});
		assertThat(analysis[0]).as("a failure analysis of %s", failure[0]).isNotNull();
		String description = analysis[0].getDescription();
		String action = analysis[0].getAction();
		System.out.printf("CORPUS %3d %s%n           -> %s%n", printed.incrementAndGet(), bad,
				description.lines().findFirst().orElse("").replace(dir.toString(), "$DIR"));
		assertThat(description).as("the description").contains(bad.property());
		assertThat(action).as("the action").isNotBlank();
		assertThat(description + action).as("no secret").doesNotContain(SECRET).doesNotContain(OTHER)
			.doesNotContain(keyMaterial(server))
			.doesNotContain(keyMaterial(other));
	}

	// the first line of a key's base64 body: enough to tell key material shown
	private static String keyMaterial(TestCertificate identity) {
		return identity.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
	}

	@AfterAll
	static void printSizeAndDeleteFiles() throws IOException {
		System.out.println("CORPUS size " + corpus().size() + " bad configurations");
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	// every file the corpus points at, written once
	private static Path files() {
		try {
			Path directory = Files.createTempDirectory("bad-configuration-corpus");
			Files.createDirectory(directory.resolve("sub"));
			Files.writeString(directory.resolve("empty.pem"), "");
			Files.write(directory.resolve("garbage.bin"), new byte[] { 0x00, 0x13, 0x37, (byte) 0xff, 0x7f, 0x01 });
			Files.writeString(directory.resolve("server.crt"), server.chainPem());
			Files.writeString(directory.resolve("server.key"), server.privateKeyPem());
			Files.writeString(directory.resolve("other.key"), other.privateKeyPem());
			Files.writeString(directory.resolve("ca.crt"), ca.certificatePem());
			Files.writeString(directory.resolve("truncated.crt"), half(server.certificatePem()));
			Files.writeString(directory.resolve("truncated.key"), half(server.privateKeyPem()));
			Files.writeString(directory.resolve("truncated.crl"), half(TestCrl.builder(ca).revoke(other).build().pem()));
			Files.writeString(directory.resolve("truncated-dh.pem"),
					"-----BEGIN DH PARAMETERS-----\nMIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz\n");
			encrypt(directory, "server.key", "encrypted.key", OTHER);
			byte[] secretStore = keystore(SECRET, SECRET + "-key");
			Files.write(directory.resolve("secret.p12"), secretStore);
			Files.write(directory.resolve("other.p12"), keystore(OTHER, OTHER));
			Files.write(directory.resolve("truncated.p12"), Arrays.copyOf(secretStore, secretStore.length / 2));
			return directory;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String half(String text) {
		return text.substring(0, text.length() / 2);
	}

	private static byte[] keystore(String storePassword, String keyPassword) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("server", server.privateKey(), keyPassword.toCharArray(),
				server.chain().toArray(new X509Certificate[0]));
		try (var out = new java.io.ByteArrayOutputStream()) {
			store.store(out, storePassword.toCharArray());
			return out.toByteArray();
		}
	}

	// openssl writes it: PBES2 with AES-256-CBC, as most encrypted keys are
	private static void encrypt(Path directory, String plain, String encrypted, String password) {
		ExternalTool.openssl().require();
		ExternalTool.openssl().in(directory).timeout(java.time.Duration.ofSeconds(60)).run("pkcs8", "-topk8", "-v2",
				"aes-256-cbc", "-in", plain, "-out", encrypted, "-passout", "pass:" + password);
	}

}
