package io.github.sslstarter.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.material.Material;

/**
 * Building a context from Debian's CA bundle (/etc/ssl/certs/ca-certificates.crt) and a PEM
 * key and certificate: this project's factory against the same steps in raw JSSE.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

	static final String BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

	@Param({ "raw", "starter" })
	public String impl;

	private Path dir;

	private Path key;

	private Path certificate;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.dir = Files.createTempDirectory("bench-startup");
		this.key = this.dir.resolve("key.pem");
		this.certificate = this.dir.resolve("cert.pem");
		Clients.SERVER.writePrivateKey(this.key);
		Clients.SERVER.writeChain(this.certificate);
	}

	@Benchmark
	public Object build() throws Exception {
		if (this.impl.equals("starter")) {
			List<X509Certificate> anchors = Material.certificates(BUNDLE);
			Identity identity = new Identity(Material.privateKey(this.key.toString(), null),
					Material.certificates(this.certificate.toString()));
			return new SslContextFactory(SslSettings.builder()
				.name("startup")
				.identity(identity)
				.trustedCertificates(anchors)
				.trustSystemDefaults(false)
				.build());
		}
		CertificateFactory certificates = CertificateFactory.getInstance("X.509");
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(Path.of(BUNDLE)))) {
			int i = 0;
			for (Certificate anchor : certificates.generateCertificates(in)) {
				trust.setCertificateEntry("ca" + i++, anchor);
			}
		}
		String pem = Files.readString(this.key);
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
		PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		Collection<? extends Certificate> chain;
		try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(this.certificate))) {
			chain = certificates.generateCertificates(in);
		}
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("key", privateKey, new char[0], chain.toArray(new Certificate[0]));
		TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
		tmf.init(trust);
		KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		kmf.init(keys, new char[0]);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
		return context;
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		Files.deleteIfExists(this.key);
		Files.deleteIfExists(this.certificate);
		Files.deleteIfExists(this.dir);
	}

}
