package io.github.sslstarter.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.material.Material;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.LogRecords;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MaterialWatcher} over real files: written in place, half-written, a key that does not
 * match yet, a Kubernetes secret volume's {@code ..data} symlink swap, certbot's {@code live/}
 * links to {@code archive/}, a CA directory; each change checked by a real TLS client.
 */
class MaterialWatcherTest {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private static final Duration QUIET = Duration.ofMillis(150);

	private static final TestCertificate ca = TestCertificate.authority("Watched CA");

	/** For the tests about what is loaded, not how fast: a loaded machine may take its time. */
	private static final Duration EVENTUALLY = Duration.ofSeconds(10);

	@RegisterExtension
	final LogRecords log = LogRecords.of(MaterialReloader.class);

	@TempDir
	Path dir;

	private final List<AutoCloseable> closing = new ArrayList<>();

	private final List<TlsReload> reloads = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	private static TestCertificate leaf(String name) {
		return TestCertificate.builder().localhost().commonName(name).signedBy(ca).build();
	}

	/** A server context whose identity is read from {@code chain} and {@code key}, watched. */
	private SslContextFactory watchedServer(Path chain, Path key, Path... watched) {
		Supplier<SslSettings> loader = () -> SslSettings.builder()
			.name("server")
			.identity(Identity.of(Material.privateKey(key.toString(), null), Material.certificates(chain.toString()),
					chain.toString()))
			.build();
		SslContextFactory factory = new SslContextFactory(loader.get());
		MaterialReloader reloader = new MaterialReloader(factory, loader, List.of(this.reloads::add));
		MaterialWatcher watcher = new MaterialWatcher(reloader, (watched.length > 0) ? List.of(watched)
				: List.of(chain, key), INTERVAL, QUIET).start();
		this.closing.add(watcher);
		return factory;
	}

	private SslSocketFactory client() {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder().name("client")
			.trustSystemDefaults(false).trustedCertificates(List.of(ca.certificate())).build()));
	}

	private String serve(SslContextFactory server, SslSocketFactory client) throws Exception {
		try (TestTlsServer tls = TestTlsServer.start(server); SSLSocket socket = client.connect("localhost", tls.port())) {
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	/** Connects until the server presents {@code expected} or the time is up; the time it took. */
	private Duration awaitPeer(TestTlsServer tls, SslSocketFactory client, String expected, Duration limit)
			throws Exception {
		long start = System.nanoTime();
		long end = start + limit.toNanos();
		String seen = null;
		while (System.nanoTime() < end) {
			try (SSLSocket socket = client.connect("localhost", tls.port())) {
				seen = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
					.getName();
			}
			if (expected.equals(seen)) {
				return Duration.ofNanos(System.nanoTime() - start);
			}
			Thread.sleep(20);
		}
		throw new AssertionError("the server still presents " + seen + " after " + limit + ", not " + expected);
	}

	private List<LogRecord> warnings() {
		return this.log.records().stream().filter((record) -> record.getLevel() == Level.WARNING).toList();
	}

	private static void write(Path file, String content) throws Exception {
		Files.writeString(file, content, StandardCharsets.US_ASCII);
	}

	@Test
	void filesRewrittenInPlaceAreSeenWithinTheIntervalAndTheQuietPeriod() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		SslContextFactory server = watchedServer(files.chain(), files.privateKey());
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			assertThat(awaitPeer(tls, client, "CN=first", Duration.ofSeconds(1))).isNotNull();
			TestCertificate second = leaf("second");
			write(files.privateKey(), second.privateKeyPem());
			write(files.chain(), second.chainPem());
			Duration seen = awaitPeer(tls, client, "CN=second", INTERVAL.plus(Duration.ofSeconds(1)));
			assertThat(seen).isLessThan(INTERVAL.plus(Duration.ofSeconds(1)));
		}
		assertThat(this.reloads).singleElement().satisfies((reload) -> {
			assertThat(reload.succeeded()).isTrue();
			assertThat(reload.change().identityChanged()).isTrue();
			assertThat(reload.sources()).contains(files.chain().toString(), files.privateKey().toString());
		});
		assertThat(warnings()).isEmpty();
	}

	@Test
	void withoutDirectoryEventsAChangeIsSeenWithinTheIntervalAndASecond() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		Supplier<SslSettings> loader = () -> SslSettings.builder().name("server")
			.identity(Identity.of(Material.privateKey(files.privateKey().toString(), null),
					Material.certificates(files.chain().toString())))
			.build();
		SslContextFactory server = new SslContextFactory(loader.get());
		Duration interval = Duration.ofSeconds(1);
		MaterialWatcher watcher = new MaterialWatcher(new MaterialReloader(server, loader, List.of()),
				List.of(files.chain(), files.privateKey()), interval, QUIET, false).start();
		this.closing.add(watcher);
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			TestCertificate second = leaf("second");
			write(files.privateKey(), second.privateKeyPem());
			write(files.chain(), second.chainPem());
			Duration seen = awaitPeer(tls, client, "CN=second", interval.plusSeconds(1));
			System.out.println("RELOAD POLLING: seen after " + seen.toMillis() + " ms (interval " + interval.toMillis()
					+ " ms, quiet period " + QUIET.toMillis() + " ms)");
		}
	}

	@Test
	void aChangeBetweenLoadingAndWatchingIsReloaded() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		List<Path> watched = List.of(files.chain(), files.privateKey());
		MaterialWatcher.Snapshot loaded = MaterialWatcher.snapshot(watched);
		Supplier<SslSettings> loader = () -> SslSettings.builder().name("server")
			.identity(Identity.of(Material.privateKey(files.privateKey().toString(), null),
					Material.certificates(files.chain().toString())))
			.build();
		SslContextFactory server = new SslContextFactory(loader.get());
		TestCertificate second = leaf("second");
		write(files.privateKey(), second.privateKeyPem());
		write(files.chain(), second.chainPem());
		this.closing.add(new MaterialWatcher(new MaterialReloader(server, loader, List.of()), watched, INTERVAL, QUIET)
			.start(loaded));
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			awaitPeer(tls, client(), "CN=second", EVENTUALLY);
		}
	}

	@Test
	void aHalfWrittenCertificateKeepsTheOldOneLogsOneWarningAndIsRetried() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		SslContextFactory server = watchedServer(files.chain(), files.privateKey());
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			TestCertificate second = leaf("second");
			String pem = second.chainPem();
			write(files.privateKey(), second.privateKeyPem());
			write(files.chain(), pem.substring(0, pem.length() / 2));
			// several intervals of the half-written file: the old certificate, one WARN
			Thread.sleep(INTERVAL.multipliedBy(5).toMillis());
			assertThat(serve(server, client)).isEqualTo("CN=first");
			assertThat(warnings()).singleElement().satisfies((record) -> assertThat(record.getMessage())
				.contains("TLS context 'server' keeps its current material")
				.contains(files.chain().toString())
				.doesNotContain(second.privateKeyPem().lines().skip(1).findFirst().orElseThrow()));
			assertThat(server.lastReload().succeeded()).isFalse();
			write(files.chain(), pem);
			awaitPeer(tls, client, "CN=second", EVENTUALLY);
		}
		assertThat(warnings()).hasSize(1);
		assertThat(this.reloads).extracting(TlsReload::outcome).containsExactly("failure", "success");
	}

	@Test
	void aCertificateWhoseKeyIsNotWrittenYetIsRefusedAsAPairUntilTheKeyComes() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		SslContextFactory server = watchedServer(files.chain(), files.privateKey());
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			TestCertificate second = leaf("second");
			write(files.chain(), second.chainPem());
			Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
			assertThat(serve(server, client)).isEqualTo("CN=first");
			assertThat(warnings()).singleElement()
				.satisfies((record) -> assertThat(record.getMessage()).contains("does not belong to the certificate"));
			write(files.privateKey(), second.privateKeyPem());
			awaitPeer(tls, client, "CN=second", EVENTUALLY);
		}
	}

	/** A mounted secret: tls.crt → ..data/tls.crt, ..data → ..2026_01_01, swapped by a rename. */
	@Test
	void aKubernetesSecretVolumeSwapIsSeen() throws Exception {
		Path volume = Files.createDirectory(this.dir.resolve("secret"));
		Path first = Files.createDirectory(volume.resolve("..2026_01_01_00_00_00.1"));
		TestCertificate one = leaf("first");
		one.writeChain(first.resolve("tls.crt"));
		one.writePrivateKey(first.resolve("tls.key"));
		Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
		Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data/tls.crt"));
		Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
		SslContextFactory server = watchedServer(volume.resolve("tls.crt"), volume.resolve("tls.key"));
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			assertThat(serve(server, client)).isEqualTo("CN=first");
			// the kubelet's atomic writer: a new timestamped directory, a new link, renamed over ..data
			Path second = Files.createDirectory(volume.resolve("..2026_02_01_00_00_00.2"));
			TestCertificate two = leaf("second");
			two.writeChain(second.resolve("tls.crt"));
			two.writePrivateKey(second.resolve("tls.key"));
			Files.createSymbolicLink(volume.resolve("..data_tmp"), second.getFileName());
			Files.move(volume.resolve("..data_tmp"), volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			deleteTree(first);
			awaitPeer(tls, client, "CN=second", EVENTUALLY);
		}
		assertThat(warnings()).isEmpty();
	}

	/** certbot: live/example/fullchain.pem → ../../archive/example/fullchainN.pem, relinked on renewal. */
	@Test
	void aCertbotRenewalIsSeen() throws Exception {
		Path archive = Files.createDirectories(this.dir.resolve("archive/example"));
		Path live = Files.createDirectories(this.dir.resolve("live/example"));
		leaf("first").writeChain(archive.resolve("fullchain1.pem"));
		TestCertificate one = leaf("first");
		one.writeChain(archive.resolve("fullchain1.pem"));
		one.writePrivateKey(archive.resolve("privkey1.pem"));
		Files.createSymbolicLink(live.resolve("fullchain.pem"), Path.of("../../archive/example/fullchain1.pem"));
		Files.createSymbolicLink(live.resolve("privkey.pem"), Path.of("../../archive/example/privkey1.pem"));
		SslContextFactory server = watchedServer(live.resolve("fullchain.pem"), live.resolve("privkey.pem"));
		SslSocketFactory client = client();
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			assertThat(serve(server, client)).isEqualTo("CN=first");
			TestCertificate two = leaf("second");
			two.writeChain(archive.resolve("fullchain2.pem"));
			two.writePrivateKey(archive.resolve("privkey2.pem"));
			// certbot relinks one file after the other
			relink(live.resolve("fullchain.pem"), Path.of("../../archive/example/fullchain2.pem"));
			Thread.sleep(50);
			relink(live.resolve("privkey.pem"), Path.of("../../archive/example/privkey2.pem"));
			awaitPeer(tls, client, "CN=second", EVENTUALLY);
		}
	}

	@Test
	void aCaAddedToAWatchedDirectoryIsTrustedByTheSameClient() throws Exception {
		TestCertificate otherCa = TestCertificate.authority("Second watched CA");
		Path caDirectory = Files.createDirectory(this.dir.resolve("cas"));
		ca.writeCertificate(caDirectory.resolve("first.pem"));
		Supplier<SslSettings> loader = () -> SslSettings.builder().name("client").trustSystemDefaults(false)
			.trustedCertificates(Material.caDirectory(caDirectory.toString())).build();
		SslContextFactory clientContext = new SslContextFactory(loader.get());
		MaterialWatcher watcher = new MaterialWatcher(new MaterialReloader(clientContext, loader, List.of()),
				List.of(caDirectory), INTERVAL, QUIET).start();
		this.closing.add(watcher);
		SslSocketFactory client = new SslSocketFactory(clientContext);
		SslContextFactory server = new SslContextFactory(SslSettings.builder().name("server")
			.identity(io.github.sslstarter.testing.Identities.identity(
					TestCertificate.builder().localhost().signedBy(otherCa).build()))
			.build());
		try (TestTlsServer tls = TestTlsServer.start(server)) {
			otherCa.writeCertificate(caDirectory.resolve("second.pem"));
			long start = System.nanoTime();
			boolean trusted = false;
			while (!trusted && System.nanoTime() - start < INTERVAL.plus(Duration.ofSeconds(1)).toNanos()) {
				try (SSLSocket socket = client.connect("localhost", tls.port())) {
					trusted = true;
				}
				catch (SslConnectionException ex) {
					assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER);
					Thread.sleep(20);
				}
			}
			assertThat(trusted).as("trusted within the interval and a second").isTrue();
			assertThat(clientContext.trustAnchorCount()).isEqualTo(2);
		}
	}

	private static void relink(Path link, Path target) throws Exception {
		Path temporary = link.resolveSibling(link.getFileName() + ".new");
		Files.createSymbolicLink(temporary, target);
		Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void deleteTree(Path directory) throws Exception {
		try (var files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(directory);
	}

}
