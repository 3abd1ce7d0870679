package io.github.sslstarter.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsReload;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reload acceptance test: clients connect without pause while the server's certificate and
 * the clients' trust file are rotated three times to certificates of a new CA each time, once
 * with a half-written certificate and once with a half-written trust file in the middle. Not one
 * handshake may fail, and the clients must see each new certificate within the interval plus one
 * second. One client makes full handshakes only ({@code session-cache.enabled=false}), which is
 * what "sees the new certificate" is measured by; the other resumes as clients do (a resumed
 * session keeps the certificate it was made with until the client's own trust changes, which
 * drops its cached sessions). The figures are printed ({@code RELOAD ROTATION}) for
 * docs/RELIABILITY.md.
 */
class HotReloadRotationTest {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Duration QUIET = Duration.ofMillis(200);

	private static final Duration SEEN_WITHIN = INTERVAL.plusSeconds(1);

	private static final int ROUNDS = 3;

	private static final Duration HOLD = Duration.ofSeconds(1);

	/** Bounds every client loop: a handshake on loopback takes milliseconds. */
	private static final int MAX_HANDSHAKES_PER_CLIENT = 200_000;

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class));

	record Seen(long started, long nanos, String subject, boolean resumed) {

	}

	/** A client that connects, exchanges a line and closes, again and again, until stopped. */
	static final class Client implements Runnable {

		final SslSocketFactory factory;

		final int port;

		final AtomicBoolean stop;

		final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

		final Queue<String> failures = new ConcurrentLinkedQueue<>();

		Client(SslSocketFactory factory, int port, AtomicBoolean stop) {
			this.factory = factory;
			this.port = port;
			this.stop = stop;
		}

		@Override
		public void run() {
			for (int i = 0; i < MAX_HANDSHAKES_PER_CLIENT && !this.stop.get(); i++) {
				long started = System.nanoTime();
				try (SSLSocket socket = this.factory.connect("localhost", this.port)) {
					socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
					String echo = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
						.readLine();
					if (!"ping".equals(echo)) {
						this.failures.add("no echo: " + echo);
						continue;
					}
					String subject = ((X509Certificate) socket.getSession().getPeerCertificates()[0])
						.getSubjectX500Principal().getName();
					this.seen.add(new Seen(started, System.nanoTime(), subject, this.factory.reused(socket)));
				}
				catch (IOException | RuntimeException ex) {
					this.failures.add(ex.toString());
				}
			}
		}

	}

	@Test
	void clientsConnectWithoutAFailureWhileCertificateAndTrustAreRotated() throws Exception {
		List<TestCertificate> cas = new ArrayList<>();
		List<TestCertificate> leaves = new ArrayList<>();
		for (int i = 0; i <= ROUNDS; i++) {
			TestCertificate ca = TestCertificate.authority("Rotation CA " + i);
			cas.add(ca);
			leaves.add(TestCertificate.builder().localhost().commonName("rotation-" + i).signedBy(ca).build());
		}
		Path key = this.dir.resolve("tls.key");
		Path chain = this.dir.resolve("tls.crt");
		Path trust = this.dir.resolve("ca.pem");
		write(key, leaves.get(0).privateKeyPem());
		write(chain, leaves.get(0).chainPem());
		write(trust, cas.get(0).certificatePem());
		this.runner
			.withPropertyValues("ssl.reload.enabled=true", "ssl.reload.interval=" + INTERVAL.toMillis() + "ms",
					"ssl.reload.quiet-period=" + QUIET.toMillis() + "ms",
					"ssl.contexts.server.identity.certificate=" + chain, "ssl.contexts.server.identity.private-key=" + key,
					"ssl.contexts.client.trust.ca-file=" + trust, "ssl.contexts.client.trust.system-defaults=false",
					"ssl.contexts.client.session-cache.enabled=false",
					"ssl.contexts.resuming.trust.ca-file=" + trust, "ssl.contexts.resuming.trust.system-defaults=false")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				SslContextFactory server = contexts.contextFactory("server");
				AtomicBoolean stop = new AtomicBoolean();
				List<Duration> timesToSee = new ArrayList<>();
				try (TestTlsServer tls = TestTlsServer.start(server)) {
					Client full = new Client(contexts.socketFactory("client"), tls.port(), stop);
					Client resuming = new Client(contexts.socketFactory("resuming"), tls.port(), stop);
					List<Thread> threads = List.of(new Thread(full, "rotation-full"), new Thread(resuming, "rotation-resuming"));
					threads.forEach(Thread::start);
					long start = System.nanoTime();
					try {
						for (int round = 1; round <= ROUNDS; round++) {
							TestCertificate previousCa = cas.get(round - 1);
							TestCertificate ca = cas.get(round);
							TestCertificate leaf = leaves.get(round);
							// 1. the clients trust the old and the new CA
							String both = previousCa.certificatePem() + ca.certificatePem();
							if (round == ROUNDS) {
								// half a trust file first: refused, the old trust stays
								Instant halfWritten = Instant.now();
								write(trust, both.substring(0, previousCa.certificatePem().length() + 40));
								awaitReload(contexts, "client", halfWritten, false);
							}
							Instant trustWritten = Instant.now();
							write(trust, both);
							awaitReload(contexts, "client", trustWritten, true);
							awaitReload(contexts, "resuming", trustWritten, true);
							// 2. the server's new key and certificate, written one after the other
							if (round == 2) {
								Instant halfWritten = Instant.now();
								write(key, leaf.privateKeyPem());
								write(chain, leaf.chainPem().substring(0, leaf.chainPem().length() / 2));
								awaitReload(contexts, "server", halfWritten, false);
							}
							write(key, leaf.privateKeyPem());
							write(chain, leaf.chainPem());
							long written = System.nanoTime();
							timesToSee.add(awaitSeen(full, "CN=rotation-" + round, written));
							// the clients keep connecting for a while with the new certificate
							Thread.sleep(HOLD.toMillis());
							// 3. the old CA is no longer trusted
							Instant narrowed = Instant.now();
							write(trust, ca.certificatePem());
							awaitReload(contexts, "client", narrowed, true);
							awaitReload(contexts, "resuming", narrowed, true);
						}
						// the resuming client too ends with the last certificate
						awaitSeen(resuming, "CN=rotation-" + ROUNDS, System.nanoTime());
					}
					finally {
						stop.set(true);
						for (Thread thread : threads) {
							thread.join(10_000);
						}
					}
					Duration rotation = Duration.ofNanos(System.nanoTime() - start);
					long resumed = resuming.seen.stream().filter(Seen::resumed).count();
					Duration slowest = timesToSee.stream().max(Duration::compareTo).orElseThrow();
					System.out.printf("RELOAD ROTATION (Java %s): %d rounds in %d ms; handshakes %d (full-handshake client %d,"
							+ " resuming client %d of which %d resumed); failed %d; time to see the new certificate %s ms"
							+ " (limit %d ms)%n", Runtime.version().feature(), ROUNDS, rotation.toMillis(),
							full.seen.size() + resuming.seen.size(), full.seen.size(), resuming.seen.size(), resumed,
							full.failures.size() + resuming.failures.size(),
							timesToSee.stream().map(Duration::toMillis).toList(), SEEN_WITHIN.toMillis());
					assertThat(full.failures).as("failed handshakes of the full-handshake client").isEmpty();
					assertThat(resuming.failures).as("failed handshakes of the resuming client").isEmpty();
					assertThat(full.seen).as("handshakes during the rotation").hasSizeGreaterThan(2 * ROUNDS);
					assertThat(resumed).as("the resuming client resumed").isPositive();
					assertThat(slowest).isLessThanOrEqualTo(SEEN_WITHIN);
					// once a full handshake has seen a certificate, no later one sees an older one
					List<Seen> inOrder = full.seen.stream().sorted(java.util.Comparator.comparingLong(Seen::started)).toList();
					for (Seen seen : inOrder) {
						for (Seen later : inOrder) {
							if (later.started() > seen.nanos()) {
								assertThat(round(later)).as("a handshake after one that saw %s", seen.subject())
									.isGreaterThanOrEqualTo(round(seen));
							}
						}
					}
					assertThat(server.lastReload().succeeded()).isTrue();
				}
			});
	}

	private static int round(Seen seen) {
		return Integer.parseInt(seen.subject().substring("CN=rotation-".length()));
	}

	private static void write(Path file, String content) throws IOException {
		Files.writeString(file, content, StandardCharsets.US_ASCII);
	}

	/** Waits until context {@code name} reloaded after {@code since}, with that outcome. */
	private static void awaitReload(SslContexts contexts, String name, Instant since, boolean succeeded)
			throws InterruptedException {
		long end = System.nanoTime() + INTERVAL.multipliedBy(3).toNanos();
		while (System.nanoTime() < end) {
			TlsReload last = contexts.contextFactory(name).lastReload();
			if (last != null && !last.time().isBefore(since) && last.succeeded() == succeeded) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("context '" + name + "' did not reload (" + (succeeded ? "success" : "failure")
				+ ") within " + INTERVAL.multipliedBy(3) + "; last: " + contexts.contextFactory(name).lastReload());
	}

	/** How long after {@code since} the client first saw {@code subject}. */
	private static Duration awaitSeen(Client client, String subject, long since) throws InterruptedException {
		long end = since + SEEN_WITHIN.plusSeconds(2).toNanos();
		while (System.nanoTime() < end) {
			for (Seen seen : client.seen) {
				if (seen.nanos() >= since && seen.subject().equals(subject)) {
					return Duration.ofNanos(seen.nanos() - since);
				}
			}
			Thread.sleep(10);
		}
		throw new AssertionError(subject + " not seen within " + SEEN_WITHIN.plusSeconds(2) + "; failures: "
				+ client.failures);
	}

}
