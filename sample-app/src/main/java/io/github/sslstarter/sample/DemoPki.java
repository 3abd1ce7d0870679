package io.github.sslstarter.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Before the configuration is bound, generates the demo's throwaway PKI as PEM files in a
 * temporary directory ({@code sample.pki.dir}) and picks free loopback ports for the demo
 * services ({@code sample.ports.*}), so that {@code application.yml} reads like the
 * configuration of a real application. Both are the lowest-priority property source: set
 * {@code sample.pki.dir} or a port yourself and yours wins (the files are then not generated).
 * <p>
 * The PKI: a CA; a server certificate for localhost (90 days); one that expires in 5 days; one
 * for {@code wrong.example} only; a client certificate for mutual TLS.
 */
public class DemoPki implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE = "sslSampleDemoPki";

	private static final String[] PORTS = { "echo", "expiring", "wrong-host", "smtp", "mtls" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!environment.containsProperty("sample.pki.dir")) {
			properties.put("sample.pki.dir", generate().toString());
		}
		for (String name : PORTS) {
			String property = "sample.ports." + name;
			if (!environment.containsProperty(property)) {
				properties.put(property, freePort());
			}
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
	}

	static Path generate() {
		try {
			Path dir = Files.createTempDirectory("ssl-sample-pki-");
			KeyPair caKeys = keys();
			X500Principal caName = new X500Principal("CN=Sample Demo CA, O=ssl-spring-boot-starter sample");
			Instant now = Instant.now();
			X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPrivate(), true, List.of(), List.of(),
					now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
			write(dir.resolve("ca.pem"), ca);
			leaf(dir, "server", "localhost", List.of("localhost"), List.of("127.0.0.1", "::1"), ca, caKeys,
					now.plus(Duration.ofDays(90)));
			leaf(dir, "expiring", "expiring.localhost", List.of("localhost"), List.of("127.0.0.1"), ca, caKeys,
					now.plus(Duration.ofDays(5)));
			leaf(dir, "wrong-host", "wrong.example", List.of("wrong.example"), List.of(), ca, caKeys,
					now.plus(Duration.ofDays(90)));
			leaf(dir, "client", "sample-client", List.of(), List.of(), ca, caKeys, now.plus(Duration.ofDays(90)));
			deleteOnExit(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the demo PKI", ex);
		}
	}

	private static void leaf(Path dir, String file, String commonName, List<String> dnsNames, List<String> ips,
			X509Certificate ca, KeyPair caKeys, Instant notAfter) throws IOException {
		KeyPair keys = keys();
		X509Certificate certificate = sign(new X500Principal("CN=" + commonName), keys, ca.getSubjectX500Principal(),
				caKeys.getPrivate(), false, dnsNames, ips, Instant.now().minus(Duration.ofDays(1)), notAfter);
		write(dir.resolve(file + ".pem"), certificate, ca);
		write(dir.resolve(file + "-key.pem"), new JcaPKCS8Generator(keys.getPrivate(), null));
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("No EC P-256 key generator", ex);
		}
	}

	private static X509Certificate sign(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
			PrivateKey issuerKey, boolean ca, List<String> dnsNames, List<String> ips, Instant notBefore,
			Instant notAfter) {
		try {
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter), subject,
					subjectKeys.getPublic());
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(
					ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
			List<GeneralName> names = new ArrayList<>();
			dnsNames.forEach((name) -> names.add(new GeneralName(GeneralName.dNSName, name)));
			ips.forEach((ip) -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(new GeneralName[0])));
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Cannot create the demo certificate " + subject, ex);
		}
	}

	private static void write(Path file, Object... objects) throws IOException {
		StringWriter pem = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
			for (Object object : objects) {
				writer.writeObject(object);
			}
		}
		Files.writeString(file, pem.toString());
	}

	private static void deleteOnExit(Path dir) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
				Files.deleteIfExists(dir);
			}
			catch (IOException ex) {
				// a temporary directory: the OS cleans it up eventually
			}
		}, "ssl-sample-pki-cleanup"));
	}

	// a port that was free a moment ago; good enough for a demo on loopback
	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

}
