package io.github.sslstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code openssl ocsp} as the OCSP responder of one test CA, reachable over HTTP on 127.0.0.1
 * only (POST, and GET as the JDK's own OCSP client sends short requests). {@code openssl ocsp -port} binds every address of the machine and has no option to bind
 * one, so an HTTP front on 127.0.0.1 hands each request to {@code openssl ocsp -index ... -reqin
 * ... -respout ...} and returns openssl's answer unchanged: the responder's logic (index lookup,
 * status, signature, {@code nextUpdate}) is openssl's own. The index is rewritten whenever a
 * status changes; certificates not in it are of unknown status, as openssl answers. The same
 * responder makes staples for {@code openssl s_server -status_file} ({@link #writeResponse}).
 */
public final class TestOcspResponder implements AutoCloseable {

	private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final TestCertificate ca;

	private final Path directory;

	private final Map<BigInteger, String> index = new LinkedHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final HttpServer server;

	private volatile int failWithStatus;

	private TestOcspResponder(TestCertificate ca, Path directory) throws IOException {
		this.ca = ca;
		this.directory = directory;
		ca.writeCertificate(directory.resolve("ocsp-ca.pem"));
		ca.writePrivateKey(directory.resolve("ocsp-ca.key"));
		writeIndex();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	/**
	 * Starts a responder for the certificates {@code ca} issued, signing with the CA's own key.
	 * @param ca the issuing CA
	 * @param directory where the index, the CA's files and the requests go
	 * @return the running responder
	 */
	public static TestOcspResponder start(TestCertificate ca, Path directory) {
		ExternalTool.openssl().require();
		try {
			return new TestOcspResponder(ca, Files.createDirectories(directory));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The responder's URL, for {@link TestCertificate.Builder#ocspResponder(String)}.
	 * @return {@code http://127.0.0.1:<port>/}
	 */
	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/";
	}

	/**
	 * Answers "good" for the certificate from now on.
	 * @param certificate a certificate the CA issued
	 * @return this responder
	 */
	public synchronized TestOcspResponder good(TestCertificate certificate) {
		X509Certificate x509 = certificate.certificate();
		this.index.put(x509.getSerialNumber(), "V\t" + INDEX_TIME.format(x509.getNotAfter().toInstant()) + "\t\t"
				+ serial(x509) + "\tunknown\t/CN=test-" + serial(x509));
		writeIndex();
		return this;
	}

	/**
	 * Answers "revoked" for the certificate from now on, revoked at {@code when}.
	 * @param certificate a certificate the CA issued
	 * @param when the revocation time
	 * @return this responder
	 */
	public synchronized TestOcspResponder revoked(TestCertificate certificate, Instant when) {
		X509Certificate x509 = certificate.certificate();
		this.index.put(x509.getSerialNumber(), "R\t" + INDEX_TIME.format(x509.getNotAfter().toInstant()) + "\t"
				+ INDEX_TIME.format(when) + ",keyCompromise\t" + serial(x509) + "\tunknown\t/CN=test-" + serial(x509));
		writeIndex();
		return this;
	}

	/**
	 * Makes every following HTTP request fail with that status (0: answer again).
	 * @param status an HTTP status such as 503
	 * @return this responder
	 */
	public TestOcspResponder failWith(int status) {
		this.failWithStatus = status;
		return this;
	}

	/**
	 * How many OCSP requests reached the responder.
	 * @return the count
	 */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * Writes openssl's DER response for the certificate, as a staple for
	 * {@code openssl s_server -status_file}.
	 * @param certificate a certificate the CA issued
	 * @param file where to write
	 * @return the file
	 */
	public Path writeResponse(TestCertificate certificate, Path file) {
		Path leaf = certificate.writeCertificate(this.directory.resolve("staple-" + serial(certificate.certificate())
				+ ".pem"));
		Path request = this.directory.resolve("staple-" + serial(certificate.certificate()) + ".req");
		openssl("ocsp", "-issuer", "ocsp-ca.pem", "-cert", leaf.toString(), "-no_nonce", "-reqout",
				request.toString());
		respond(request, file);
		return file;
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			if (this.failWithStatus != 0) {
				exchange.sendResponseHeaders(this.failWithStatus, -1);
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			if ("GET".equals(exchange.getRequestMethod())) {
				// RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}
				String path = exchange.getRequestURI().getRawPath();
				String encoded = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1),
						StandardCharsets.US_ASCII);
				body = java.util.Base64.getDecoder().decode(encoded);
			}
			String name = "request-" + this.requests.get() + "-" + System.nanoTime();
			Path request = Files.write(this.directory.resolve(name + ".der"), body);
			Path response = this.directory.resolve(name + ".resp");
			byte[] answer;
			try {
				respond(request, response);
				answer = Files.readAllBytes(response);
			}
			catch (AssertionError | RuntimeException ex) {
				exchange.sendResponseHeaders(500, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
	}

	private synchronized void respond(Path request, Path response) {
		openssl("ocsp", "-index", "index.txt", "-CA", "ocsp-ca.pem", "-rsigner", "ocsp-ca.pem", "-rkey", "ocsp-ca.key",
				"-reqin", request.toString(), "-respout", response.toString(), "-nmin", "10");
	}

	private void openssl(String... arguments) {
		ExternalTool.Result result = ExternalTool.openssl()
			.in(this.directory)
			.timeout(Duration.ofSeconds(20))
			.run(arguments);
		if (result.exitCode() != 0) {
			throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + result.output());
		}
	}

	private synchronized void writeIndex() {
		StringBuilder lines = new StringBuilder();
		this.index.values().forEach((line) -> lines.append(line).append('\n'));
		try {
			Files.writeString(this.directory.resolve("index.txt"), lines.toString(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// as OpenSSL's BN_bn2hex writes it, which the index is searched by
	private static String serial(X509Certificate certificate) {
		String hex = certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
		return ((hex.length() % 2) != 0) ? "0" + hex : hex;
	}

	/** Stops the HTTP front. */
	@Override
	public void close() {
		this.server.stop(0);
	}

	/** Keeps the CA referenced for {@link #toString()}. */
	@Override
	public String toString() {
		return "TestOcspResponder[" + this.ca.certificate().getSubjectX500Principal().getName() + " at " + uri() + "]";
	}

}
