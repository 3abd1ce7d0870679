package io.github.sslstarter.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.starttls.StartTls;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The interop grid, both ways: our client against {@code openssl s_server}, {@code gnutls-serv}
 * (in a network namespace, see {@link NamespacedGnutlsServer}) and a Perl IO::Socket::SSL server;
 * our server ({@link SslServerSocketFactory#handshake}) against {@code openssl s_client},
 * {@code gnutls-cli} and a Perl client. Rows: TLS 1.2 and 1.3 with RSA-2048 and ECDSA P-256 server
 * certificates, mutual TLS, ALPN, SNI, resumption and SMTP STARTTLS. Every cell is a real
 * handshake over 127.0.0.1 with its outcome asserted; one external server per configuration
 * serves all its cells. The grid is printed at the end as a Markdown table
 * ({@code docs/RELIABILITY.md} holds a copy).
 */
class InteropMatrixTest {

	private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(15);

	private static final String SNI = "sni.test";

	private static final TestCertificate ca = TestCertificate.authority("Interop Matrix CA");

	private static final TestCertificate rsaServer = serverCertificate(KeyType.RSA_2048);

	private static final TestCertificate ecServer = serverCertificate(KeyType.EC_P256);

	// openssl s_server switches to this one when the client asks for sni.test
	private static final TestCertificate sniServer = TestCertificate.builder()
		.commonName(SNI)
		.dnsNames(SNI)
		.signedBy(ca)
		.build();

	private static final TestCertificate client = TestCertificate.builder().commonName("matrix client").signedBy(ca).build();

	private static final List<String> ROWS = List.of("TLSv1.2 RSA", "TLSv1.2 ECDSA", "TLSv1.3 RSA", "TLSv1.3 ECDSA",
			"mTLS TLSv1.2", "mTLS TLSv1.3", "ALPN h2", "ALPN http/1.1", "SNI", "resumption TLSv1.2",
			"resumption TLSv1.3", "STARTTLS SMTP TLSv1.2", "STARTTLS SMTP TLSv1.3");

	private static final String OPENSSL_SERVER = "client → openssl s_server";

	private static final String GNUTLS_SERVER = "client → gnutls-serv";

	private static final String PERL_SERVER = "client → Perl server";

	private static final String OPENSSL_CLIENT = "openssl s_client → server";

	private static final String GNUTLS_CLIENT = "gnutls-cli → server";

	private static final String PERL_CLIENT = "Perl client → server";

	private static final List<String> COLUMNS = List.of(OPENSSL_SERVER, GNUTLS_SERVER, PERL_SERVER, OPENSSL_CLIENT,
			GNUTLS_CLIENT, PERL_CLIENT);

	private static final Map<String, String> grid = new LinkedHashMap<>();

	private static final Map<String, AutoCloseable> peers = new LinkedHashMap<>();

	private static final Map<String, Peer> servers = new LinkedHashMap<>();

	private static final Map<String, OurServer> ourServers = new LinkedHashMap<>();

	@TempDir
	static Path dir;

	private static TestCertificate serverCertificate(KeyType keyType) {
		return TestCertificate.builder().localhost().dnsNames(SNI).keyType(keyType).signedBy(ca).build();
	}

	@AfterAll
	static void stopPeersAndPrintTheGrid() {
		for (AutoCloseable peer : peers.values()) {
			try {
				peer.close();
			}
			catch (Exception ex) {
				// stopping
			}
		}
		System.out.println(table());
	}

	static String table() {
		StringBuilder table = new StringBuilder("| cell | " + String.join(" | ", COLUMNS) + " |\n|---|");
		table.append("---|".repeat(COLUMNS.size())).append('\n');
		int ok = 0;
		int failed = 0;
		for (String row : ROWS) {
			table.append("| ").append(row).append(" |");
			for (String column : COLUMNS) {
				String result = grid.getOrDefault(row + "|" + column, "–");
				ok += result.equals("ok") ? 1 : 0;
				failed += result.equals("FAIL") ? 1 : 0;
				table.append(' ').append(result).append(" |");
			}
			table.append('\n');
		}
		return "Interop grid: " + ok + " ok, " + failed + " FAIL\n" + table;
	}

	private static DynamicTest cell(String column, String row, Executable body) {
		return DynamicTest.dynamicTest(row + " | " + column, () -> {
			try {
				body.execute();
				grid.put(row + "|" + column, "ok");
			}
			catch (Throwable ex) {
				grid.put(row + "|" + column, "FAIL");
				throw ex;
			}
		});
	}

	private static String protocol(String version) {
		return version.replace("TLSv1.", "TLSv1_");
	}

	// ---------------------------------------------------------------- our client against their servers

	@TestFactory
	Stream<DynamicTest> ourClientAgainstOpensslServer() {
		return clientCells(OPENSSL_SERVER, "openssl");
	}

	@TestFactory
	Stream<DynamicTest> ourClientAgainstGnutlsServ() {
		return clientCells(GNUTLS_SERVER, "gnutls");
	}

	@TestFactory
	Stream<DynamicTest> ourClientAgainstPerlServer() {
		return Stream.concat(clientCells(PERL_SERVER, "perl"),
				Stream.of("TLSv1.2", "TLSv1.3").map((version) -> cell(PERL_SERVER, "STARTTLS SMTP " + version,
						() -> ourClientStartTlsAgainstPerl(version))));
	}

	private Stream<DynamicTest> clientCells(String column, String peer) {
		List<DynamicTest> cells = new ArrayList<>();
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			for (KeyType key : List.of(KeyType.RSA_2048, KeyType.EC_P256)) {
				String row = version + (key == KeyType.RSA_2048 ? " RSA" : " ECDSA");
				cells.add(cell(column, row, () -> {
					Peer server = server(peer, key, false);
					try (SSLSocket socket = client(version, null, false).connect("localhost", server.port())) {
						assertThat(socket.getSession().getProtocol()).isEqualTo(version);
						assertThat(socket.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm())
							.isEqualTo(key == KeyType.RSA_2048 ? "RSA" : "EC");
						assertThat(exchange(socket, "hello " + row)).isEqualTo(server.answer("hello " + row));
					}
				}));
			}
		}
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			cells.add(cell(column, "mTLS " + version, () -> {
				Peer server = server(peer, KeyType.EC_P256, true);
				try (SSLSocket socket = client(version, null, true).connect("localhost", server.port())) {
					assertThat(socket.getSession().getProtocol()).isEqualTo(version);
					assertThat(exchange(socket, "mutual")).isEqualTo(server.answer("mutual"));
				}
				awaitOutput(server, "matrix client");
				// and without our certificate the server refuses (in TLS 1.3 after our Finished:
				// the refusal then arrives on the first read)
				assertThatThrownBy(() -> {
					try (SSLSocket socket = client(version, null, false).connect("localhost", server.port())) {
						exchange(socket, "no certificate");
					}
				}).isInstanceOf(IOException.class);
			}));
		}
		for (String alpn : List.of("h2", "http/1.1")) {
			cells.add(cell(column, "ALPN " + alpn, () -> {
				Peer server = server(peer, KeyType.EC_P256, false);
				try (SSLSocket socket = client("TLSv1.3", alpn, false).connect("localhost", server.port())) {
					assertThat(socket.getApplicationProtocol()).isEqualTo(alpn);
					assertThat(exchange(socket, "alpn")).isEqualTo(server.answer("alpn"));
				}
			}));
		}
		cells.add(cell(column, "SNI", () -> {
			Peer server = peer.equals("openssl") ? opensslSniServer() : server(peer, KeyType.EC_P256, false);
			try (SSLSocket socket = client("TLSv1.3", null, false).connect("localhost", server.port(), SNI, SNI)) {
				assertThat(exchange(socket, "sni")).isEqualTo(server.answer("sni"));
				if (peer.equals("openssl")) {
					// s_server switched to its second certificate for that name
					assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
						.getName()).isEqualTo("CN=" + SNI);
				}
			}
			if (!peer.equals("openssl")) {
				awaitOutput(server, peer.equals("gnutls") ? "Given server name[1]: " + SNI : "sni=" + SNI);
			}
		}));
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			cells.add(cell(column, "resumption " + version, () -> {
				Peer server = server(peer, KeyType.EC_P256, false);
				SslSocketFactory factory = client(version, null, false);
				try (SSLSocket first = factory.connect("localhost", server.port())) {
					assertThat(exchange(first, "first")).isEqualTo(server.answer("first"));
					assertThat(factory.reused(first)).isFalse();
				}
				try (SSLSocket second = factory.connect("localhost", server.port())) {
					assertThat(exchange(second, "second")).isEqualTo(server.answer("second"));
					assertThat(second.getSession().getProtocol()).isEqualTo(version);
					assertThat(factory.reused(second)).as("second connection resumed").isTrue();
				}
			}));
		}
		return cells.stream();
	}

	private void ourClientStartTlsAgainstPerl(String version) throws Exception {
		Peer server = startedPeer("perl-smtp", () -> {
			TestCertificate.PemFiles files = ecServer.writeTo(dir, "perl-smtp");
			RunningTool perl = ExternalTool.perl("IO::Socket::SSL").in(dir).start(script("perl-smtp-server.pl"),
					files.chain().toString(), files.privateKey().toString());
			return Peer.perl(perl);
		});
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			plain.setSoTimeout(10_000);
			StartTls.SMTP.negotiate(plain, "localhost");
			SslSocketFactory factory = client(version, null, false);
			try (SSLSocket tls = factory.upgrade(plain, "localhost", server.port(), true)) {
				assertThat(tls.getSession().getProtocol()).isEqualTo(version);
				assertThat(exchange(tls, "over smtp")).isEqualTo("perl:over smtp");
			}
		}
		awaitOutput(server, "CONN version=" + protocol(version));
	}

	private static SslSocketFactory client(String version, String alpn, boolean withCertificate) {
		SslSettings.Builder settings = SslSettings.builder()
			.protocols(version)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(10))
			.readTimeout(Duration.ofSeconds(10));
		if (alpn != null) {
			settings.alpn(List.of(alpn));
		}
		if (withCertificate) {
			settings.identity(identity(client));
		}
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	private static String exchange(SSLSocket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	private static Peer server(String peer, KeyType key, boolean mutual) {
		TestCertificate identity = (key == KeyType.RSA_2048) ? rsaServer : ecServer;
		String name = peer + "-" + key.name().toLowerCase() + (mutual ? "-mtls" : "");
		return startedPeer(name, () -> {
			Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
			switch (peer) {
				case "openssl" -> {
					List<String> arguments = new ArrayList<>(List.of("-rev", "-alpn", "h2,http/1.1"));
					if (mutual) {
						arguments.addAll(List.of("-CAfile", caFile.toString(), "-Verify", "2", "-verify_return_error"));
					}
					RunningTool openssl = ExternalTool.opensslServer(dir, identity, arguments.toArray(new String[0]));
					return new Peer(openssl, openssl.port(), openssl::output,
							(line) -> new StringBuilder(line).reverse().toString());
				}
				case "gnutls" -> {
					Path[] files = gnutlsFiles(identity, name);
					List<String> arguments = new ArrayList<>(List.of("--echo", "--x509certfile", files[0].toString(),
							"--x509keyfile", files[1].toString(), "--alpn", "h2", "--alpn", "http/1.1"));
					arguments.addAll(mutual ? List.of("-r", "--x509cafile", caFile.toString()) : List.of("-a"));
					NamespacedGnutlsServer gnutls = NamespacedGnutlsServer.start(dir, name,
							arguments.toArray(new String[0]));
					return new Peer(gnutls, gnutls.port(), gnutls::output, (line) -> line);
				}
				default -> {
					TestCertificate.PemFiles files = identity.writeTo(dir, name);
					RunningTool perl = ExternalTool.perl("IO::Socket::SSL").in(dir).start(script("perl-server.pl"),
							files.chain().toString(), files.privateKey().toString(),
							mutual ? caFile.toString() : "-");
					return Peer.perl(perl);
				}
			}
		});
	}

	// a server of its own: with -servername, s_server answers every other name with an
	// unrecognized_name warning, which JSSE takes as fatal during a handshake; our client then
	// reports it as OTHER ("received handshake warning: unrecognized_name") without the action
	// that helps (send the name the server knows, or sni: "" for none): reported, not tested here
	// until the classification is decided
	private static Peer opensslSniServer() {
		return startedPeer("openssl-sni", () -> {
			TestCertificate.PemFiles second = sniServer.writeTo(dir, "openssl-sni");
			RunningTool openssl = ExternalTool.opensslServer(dir, ecServer, "-rev", "-servername", SNI, "-cert2",
					second.chain().toString(), "-key2", second.privateKey().toString());
			return new Peer(openssl, openssl.port(), openssl::output,
					(line) -> new StringBuilder(line).reverse().toString());
		});
	}

	private static Path[] gnutlsFiles(TestCertificate identity, String name) {
		TestCertificate.PemFiles files = identity.writeTo(dir, name);
		if (!identity.privateKey().getAlgorithm().equals("EC")) {
			return new Path[] { files.chain(), files.privateKey() };
		}
		// GnuTLS wants the public key inside an EC PKCS#8 key, which the JDK leaves out
		Path key = dir.resolve(name + "-gnutls-key.pem");
		ExternalTool.openssl().in(dir).timeout(TOOL_TIMEOUT).run("ec", "-in", files.privateKey().toString(), "-out",
				key.toString()).requireSuccess();
		return new Path[] { files.chain(), key };
	}

	private static synchronized Peer startedPeer(String name, Supplier<Peer> start) {
		Peer peer = servers.get(name);
		if (peer == null) {
			peer = start.get();
			servers.put(name, peer);
			peers.put(name, peer.process());
		}
		return peer;
	}

	private static String script(String name) {
		Path file = dir.resolve(name);
		if (!Files.exists(file)) {
			try (InputStream in = Objects.requireNonNull(InteropMatrixTest.class.getResourceAsStream("/interop/" + name))) {
				Files.copy(in, file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return file.toString();
	}

	// the output is read from the process as it comes: wait for it, within a bound
	private static void awaitOutput(Peer peer, String text) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!peer.output().contains(text) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(peer.output()).contains(text);
	}

	/** An external server: its process, port, output and how it answers a line. */
	private record Peer(AutoCloseable process, int port, Supplier<String> outputs,
			UnaryOperator<String> answers) {

		static Peer perl(RunningTool perl) {
			perl.awaitOutput("PORT=", Duration.ofSeconds(20));
			int port = Integer.parseInt(perl.output().replaceAll("(?s).*PORT=(\\d+).*", "$1"));
			return new Peer(perl, port, perl::output, (line) -> "perl:" + line);
		}

		String output() {
			return this.outputs.get();
		}

		String answer(String line) {
			return this.answers.apply(line);
		}

	}

	// ---------------------------------------------------------------- their clients against our server

	@TestFactory
	Stream<DynamicTest> opensslClientAgainstOurServer() {
		return Stream.concat(serverCells(OPENSSL_CLIENT, new OpensslClient()),
				Stream.of("TLSv1.2", "TLSv1.3").map((version) -> cell(OPENSSL_CLIENT, "STARTTLS SMTP " + version,
						() -> opensslStartTlsAgainstOurServer(version))));
	}

	@TestFactory
	Stream<DynamicTest> gnutlsCliAgainstOurServer() {
		return Stream.concat(serverCells(GNUTLS_CLIENT, new GnutlsClient()),
				Stream.of("TLSv1.2", "TLSv1.3").map((version) -> cell(GNUTLS_CLIENT, "STARTTLS SMTP " + version,
						() -> gnutlsStartTlsAgainstOurServer(version))));
	}

	@TestFactory
	Stream<DynamicTest> perlClientAgainstOurServer() {
		return Stream.concat(serverCells(PERL_CLIENT, new PerlClient()),
				Stream.of("TLSv1.2", "TLSv1.3").map((version) -> cell(PERL_CLIENT, "STARTTLS SMTP " + version,
						() -> perlStartTlsAgainstOurServer(version))));
	}

	private static OurServer ourServerFor(KeyType key, boolean mutual) {
		OurServer server = ourServer(key, mutual);
		// what a failed earlier cell may have left
		server.connections.clear();
		return server;
	}

	private Stream<DynamicTest> serverCells(String column, Client peer) {
		List<DynamicTest> cells = new ArrayList<>();
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			for (KeyType key : List.of(KeyType.RSA_2048, KeyType.EC_P256)) {
				String row = version + (key == KeyType.RSA_2048 ? " RSA" : " ECDSA");
				cells.add(cell(column, row, () -> {
					OurServer server = ourServerFor(key, false);
					String output = peer.run(server.port(), new Call(version, null, "localhost", false, false, row));
					Connection connection = server.next();
					assertThat(connection.protocol()).isEqualTo(version);
					assertThat(connection.line()).isEqualTo(row);
					assertThat(output).contains(row);
				}));
			}
		}
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			cells.add(cell(column, "mTLS " + version, () -> {
				OurServer server = ourServerFor(KeyType.EC_P256, true);
				peer.run(server.port(), new Call(version, null, "localhost", true, false, "mutual"));
				Connection connection = server.next();
				assertThat(connection.protocol()).isEqualTo(version);
				assertThat(connection.client()).isEqualTo("CN=matrix client");
				assertThat(connection.line()).isEqualTo("mutual");
			}));
		}
		for (String alpn : List.of("h2", "http/1.1")) {
			cells.add(cell(column, "ALPN " + alpn, () -> {
				OurServer server = ourServerFor(KeyType.EC_P256, false);
				peer.run(server.port(), new Call("TLSv1.3", alpn, "localhost", false, false, "alpn"));
				assertThat(server.next().alpn()).isEqualTo(alpn);
			}));
		}
		cells.add(cell(column, "SNI", () -> {
			OurServer server = ourServerFor(KeyType.EC_P256, false);
			peer.run(server.port(), new Call("TLSv1.3", null, SNI, false, false, "sni"));
			assertThat(server.next().sni()).isEqualTo(SNI);
		}));
		for (String version : List.of("TLSv1.2", "TLSv1.3")) {
			cells.add(cell(column, "resumption " + version, () -> {
				OurServer server = ourServerFor(KeyType.EC_P256, false);
				String output = peer.run(server.port(), new Call(version, null, "localhost", false, true, "again"));
				Connection first = server.next();
				Connection second = server.next();
				assertThat(first.resumed()).as("first connection resumed").isFalse();
				assertThat(second.resumed()).as("second connection resumed").isTrue();
				assertThat(second.protocol()).isEqualTo(version);
				assertThat(output).contains(peer.resumedMarker());
			}));
		}
		return cells.stream();
	}

	private void opensslStartTlsAgainstOurServer(String version) throws Exception {
		OurServer server = ourServerFor(KeyType.EC_P256, false);
		try (SmtpFrontDoor smtp = new SmtpFrontDoor(server)) {
			String output = ExternalTool.openssl()
				.timeout(TOOL_TIMEOUT)
				.input("over smtp\n")
				.run("s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + smtp.port(), "-servername", "localhost",
						"-CAfile", ca.writeCertificate(dir.resolve("ca.pem")).toString(), "-verify_return_error",
						"-verify_hostname", "localhost", version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3", "-ign_eof")
				.output();
			Connection connection = server.next();
			assertThat(connection.protocol()).isEqualTo(version);
			assertThat(connection.line()).isEqualTo("over smtp");
			assertThat(smtp.ehlo()).startsWith("EHLO ");
			assertThat(output).contains("Verify return code: 0 (ok)").contains("over smtp");
		}
	}

	private void gnutlsStartTlsAgainstOurServer(String version) throws Exception {
		OurServer server = ourServerFor(KeyType.EC_P256, false);
		try (SmtpFrontDoor smtp = new SmtpFrontDoor(server)) {
			String output = ExternalTool.gnutlsCli()
				.timeout(TOOL_TIMEOUT)
				.input("over smtp\n")
				.run("127.0.0.1", "-p", String.valueOf(smtp.port()), "--starttls-proto=smtp", "--x509cafile",
						ca.writeCertificate(dir.resolve("ca.pem")).toString(), "--verify-hostname", "localhost",
						"--sni-hostname", "localhost", "--priority",
						"NORMAL:-VERS-ALL:+VERS-" + version.replace("TLSv", "TLS"))
				.output();
			Connection connection = server.next();
			assertThat(connection.protocol()).isEqualTo(version);
			assertThat(connection.line()).isEqualTo("over smtp");
			assertThat(smtp.ehlo()).startsWith("EHLO ");
			assertThat(output).contains("Handshake was completed");
		}
	}

	private void perlStartTlsAgainstOurServer(String version) throws Exception {
		OurServer server = ourServerFor(KeyType.EC_P256, false);
		try (SmtpFrontDoor smtp = new SmtpFrontDoor(server)) {
			String output = ExternalTool.perl("IO::Socket::SSL")
				.timeout(TOOL_TIMEOUT)
				.run(script("perl-smtp-client.pl"), String.valueOf(smtp.port()),
						ca.writeCertificate(dir.resolve("ca.pem")).toString(), protocol(version), "over smtp")
				.requireSuccess()
				.stdout();
			Connection connection = server.next();
			assertThat(connection.protocol()).isEqualTo(version);
			assertThat(smtp.ehlo()).isEqualTo("EHLO perl.test");
			assertThat(output).contains("RESULT version=" + protocol(version) + " echo=over smtp");
		}
	}

	/** One run of an external client: what it is asked to do. */
	private record Call(String version, String alpn, String sni, boolean withCertificate, boolean twice,
			String line) {
	}

	/** An external client, run to its end for a {@link Call}. */
	private interface Client {

		String run(int port, Call call) throws Exception;

		String resumedMarker();

	}

	private static final class OpensslClient implements Client {

		@Override
		public String run(int port, Call call) {
			String session = dir.resolve("s_client-" + System.nanoTime() + ".session").toString();
			String output = once(port, call, call.twice() ? List.of("-sess_out", session) : List.of());
			if (call.twice()) {
				output += once(port, call, List.of("-sess_in", session));
			}
			return output;
		}

		private String once(int port, Call call, List<String> extra) {
			List<String> arguments = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port,
					"-servername", call.sni(), "-CAfile", dir.resolve("ca.pem").toString(), "-verify_return_error",
					"-verify_hostname", "localhost", call.version().equals("TLSv1.2") ? "-tls1_2" : "-tls1_3",
					"-ign_eof"));
			if (call.alpn() != null) {
				arguments.addAll(List.of("-alpn", call.alpn()));
			}
			if (call.withCertificate()) {
				TestCertificate.PemFiles files = client.writeTo(dir, "client");
				arguments.addAll(List.of("-cert", files.chain().toString(), "-key", files.privateKey().toString()));
			}
			arguments.addAll(extra);
			ExternalTool.Result result = ExternalTool.openssl()
				.timeout(TOOL_TIMEOUT)
				.input(call.line() + "\n")
				.run(arguments.toArray(new String[0]));
			assertThat(result.output()).contains("Verify return code: 0 (ok)");
			return result.output();
		}

		@Override
		public String resumedMarker() {
			return "Reused, TLSv1.";
		}

	}

	private static final class GnutlsClient implements Client {

		@Override
		public String run(int port, Call call) {
			List<String> arguments = new ArrayList<>(List.of("127.0.0.1", "-p", String.valueOf(port), "--x509cafile",
					dir.resolve("ca.pem").toString(), "--verify-hostname", "localhost", "--sni-hostname", call.sni(),
					"--priority", "NORMAL:-VERS-ALL:+VERS-" + call.version().replace("TLSv", "TLS")));
			if (call.alpn() != null) {
				arguments.add("--alpn=" + call.alpn());
			}
			if (call.withCertificate()) {
				Path[] files = gnutlsFiles(client, "gnutls-client");
				arguments.addAll(List.of("--x509certfile", files[0].toString(), "--x509keyfile", files[1].toString()));
			}
			if (call.twice()) {
				arguments.add("--resume");
			}
			ExternalTool.Result result = ExternalTool.gnutlsCli()
				.timeout(TOOL_TIMEOUT)
				.input(call.line() + "\n")
				.run(arguments.toArray(new String[0]));
			assertThat(result.output()).contains("Handshake was completed");
			return result.output();
		}

		@Override
		public String resumedMarker() {
			return "This is a resumed session";
		}

	}

	private static final class PerlClient implements Client {

		@Override
		public String run(int port, Call call) {
			String certificate = "-";
			String key = "-";
			if (call.withCertificate()) {
				TestCertificate.PemFiles files = client.writeTo(dir, "perl-client");
				certificate = files.chain().toString();
				key = files.privateKey().toString();
			}
			ExternalTool.Result result = ExternalTool.perl("IO::Socket::SSL")
				.timeout(TOOL_TIMEOUT)
				.run(script("perl-client.pl"), String.valueOf(port), dir.resolve("ca.pem").toString(),
						protocol(call.version()), (call.alpn() != null) ? call.alpn() : "-", call.sni(), certificate, key,
						call.twice() ? "2" : "1", call.line())
				.requireSuccess();
			assertThat(result.stdout()).contains("RESULT 1 version=" + protocol(call.version()))
				.contains("echo=" + call.line());
			return result.stdout();
		}

		@Override
		public String resumedMarker() {
			return "RESULT 2 version=";
		}

	}

	private static OurServer ourServer(KeyType key, boolean mutual) {
		String name = key.name() + (mutual ? "-mtls" : "");
		synchronized (ourServers) {
			OurServer server = ourServers.get(name);
			if (server == null) {
				ca.writeCertificate(dir.resolve("ca.pem"));
				SslSettings.Builder settings = SslSettings.builder()
					.name("matrix-server")
					.identity(identity((key == KeyType.RSA_2048) ? rsaServer : ecServer))
					.alpn(List.of("h2", "http/1.1"))
					.handshakeTimeout(Duration.ofSeconds(10));
				if (mutual) {
					settings.clientAuth(ClientAuth.NEED).trustedCertificates(List.of(ca.certificate()))
						.trustSystemDefaults(false);
				}
				server = new OurServer(new SslServerSocketFactory(new SslContextFactory(settings.build())));
				ourServers.put(name, server);
				peers.put("our-" + name, server);
			}
			return server;
		}
	}

	/** What our server saw of a connection. */
	private record Connection(String protocol, String alpn, String sni, boolean resumed, String client, String line) {
	}

	/**
	 * Our server: accepts on 127.0.0.1, completes each handshake with
	 * {@link SslServerSocketFactory#handshake}, notes what it saw and answers the client's line
	 * with the line.
	 */
	private static final class OurServer implements AutoCloseable {

		private final SslServerSocketFactory factory;

		private final ServerSocket listener;

		private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "matrix-server");
			thread.setDaemon(true);
			return thread;
		});

		private final BlockingQueue<Object> connections = new LinkedBlockingQueue<>();

		OurServer(SslServerSocketFactory factory) {
			this.factory = factory;
			try {
				this.listener = factory.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.workers.execute(() -> {
				while (!this.listener.isClosed()) {
					try {
						SSLSocket accepted = (SSLSocket) this.listener.accept();
						this.workers.execute(() -> serve(accepted));
					}
					catch (IOException ex) {
						// closed
					}
				}
			});
		}

		int port() {
			return this.listener.getLocalPort();
		}

		void serve(SSLSocket accepted) {
			try (SSLSocket socket = this.factory.handshake(accepted)) {
				serveHandshaken(socket);
			}
			catch (IOException | RuntimeException ex) {
				this.connections.add(ex);
			}
		}

		void serveHandshaken(SSLSocket socket) throws IOException {
			socket.setSoTimeout(10_000);
			ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
			String sni = null;
			for (SNIServerName name : session.getRequestedServerNames()) {
				if (name instanceof SNIHostName host) {
					sni = host.getAsciiName();
				}
			}
			String client = null;
			try {
				client = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
			}
			catch (SSLPeerUnverifiedException ex) {
				// no client certificate
			}
			boolean resumed = this.factory.contextFactory().ledger().resumed(socket);
			String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			this.connections.add(new Connection(session.getProtocol(), socket.getApplicationProtocol(), sni, resumed,
					client, line));
			if (line != null) {
				OutputStream out = socket.getOutputStream();
				out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}

		Connection next() throws Exception {
			Object next = this.connections.poll(10, TimeUnit.SECONDS);
			if (next instanceof Throwable failure) {
				throw new AssertionError("Our server failed a connection", failure);
			}
			assertThat(next).as("a connection reached our server within 10 s").isNotNull();
			return (Connection) next;
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
			this.workers.shutdownNow();
		}

	}

	/**
	 * The SMTP half of STARTTLS in front of {@link OurServer}: greeting, EHLO offering STARTTLS,
	 * the go-ahead, then the TLS layer from our context and {@link SslServerSocketFactory#handshake}.
	 */
	private static final class SmtpFrontDoor implements AutoCloseable {

		private final ServerSocket listener;

		private volatile String ehlo;

		SmtpFrontDoor(OurServer server) throws IOException {
			this.listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
			Thread thread = new Thread(() -> {
				try (Socket plain = this.listener.accept()) {
					plain.setSoTimeout(10_000);
					BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(),
							StandardCharsets.US_ASCII));
					OutputStream out = plain.getOutputStream();
					out.write("220 matrix ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
					this.ehlo = in.readLine();
					out.write("250-matrix\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
					if (!"STARTTLS".equalsIgnoreCase(in.readLine())) {
						return;
					}
					out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
					SslContextFactory context = server.factory.contextFactory();
					SSLSocket tls = (SSLSocket) context.sslContext().getSocketFactory().createSocket(plain, null,
							plain.getPort(), true);
					tls.setUseClientMode(false);
					tls.setSSLParameters(context.serverParameters());
					server.serve(tls);
				}
				catch (IOException ex) {
					server.connections.add(ex);
				}
			}, "matrix-smtp");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		String ehlo() {
			return this.ehlo;
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
		}

	}

}
