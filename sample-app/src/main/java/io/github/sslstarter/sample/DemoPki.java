package io.github.sslstarter.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.github.sslstarter.test.TestCertificate;

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
			Instant now = Instant.now();
			TestCertificate ca = TestCertificate.builder()
				.subject("CN=Sample Demo CA, O=ssl-spring-boot-starter sample")
				.certificateAuthority(0)
				.validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)))
				.build();
			ca.writeCertificate(dir.resolve("ca.pem"));
			// each NAME.pem holds the leaf and the CA, NAME-key.pem the PKCS#8 key
			leaf(ca, now.plus(Duration.ofDays(90))).localhost().build().writeTo(dir, "server");
			leaf(ca, now.plus(Duration.ofDays(5))).commonName("expiring.localhost")
				.dnsNames("localhost")
				.ipAddresses("127.0.0.1")
				.build()
				.writeTo(dir, "expiring");
			leaf(ca, now.plus(Duration.ofDays(90))).commonName("wrong.example")
				.dnsNames("wrong.example")
				.build()
				.writeTo(dir, "wrong-host");
			leaf(ca, now.plus(Duration.ofDays(90))).commonName("sample-client").build().writeTo(dir, "client");
			deleteOnExit(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the demo PKI", ex);
		}
	}

	private static TestCertificate.Builder leaf(TestCertificate ca, Instant notAfter) {
		return TestCertificate.builder().signedBy(ca).validity(Instant.now().minus(Duration.ofDays(1)), notAfter);
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

	private static final java.util.Set<Integer> picked = new java.util.HashSet<>();

	/**
	 * A loopback port that was free a moment ago, below Linux's default ephemeral range (32768 and
	 * up): a port the system hands out (port 0) can be handed out again, to an outgoing connection
	 * of this or another process, before the demo service binds it. Falls back to such a port when
	 * 100 tries below the range find none.
	 */
	private static synchronized int freePort() {
		java.util.Random random = new java.util.Random();
		for (int i = 0; i < 100; i++) {
			int port = 20000 + random.nextInt(12000);
			if (picked.contains(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
				picked.add(port);
				return port;
			}
			catch (IOException ex) {
				// taken: another try
			}
		}
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			picked.add(socket.getLocalPort());
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

}
