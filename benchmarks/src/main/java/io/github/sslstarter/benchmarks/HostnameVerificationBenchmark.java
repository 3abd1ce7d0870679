package io.github.sslstarter.benchmarks;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import okhttp3.internal.tls.OkHostnameVerifier;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.HostnameVerification;

/**
 * Host name checks per second on one certificate with 10 dNSName subjectAltNames, for this
 * project's scheme engine (scheme http, the RFC 2818 rules the other two implement) side by side
 * with Apache HttpClient 5's and OkHttp's verifiers, on the same certificate and hosts: one that
 * matches the last subjectAltName and one that matches none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HostnameVerificationBenchmark {

	@Param({ "last", "none" })
	public String host;

	private String name;

	private X509Certificate certificate;

	private final HostnameScheme scheme = HostnameScheme.named("http");

	private final DefaultHostnameVerifier apache = new DefaultHostnameVerifier();

	@Setup
	public void setUp() throws Exception {
		this.certificate = certificateWithTenAltNames();
		this.name = "last".equals(this.host) ? "www9.example.org" : "www.example.net";
	}

	@Benchmark
	public boolean sslstarter() {
		return HostnameVerification.verify(this.name, this.certificate, this.scheme).matched();
	}

	@Benchmark
	public boolean apacheHttpClient5() {
		try {
			this.apache.verify(this.name, this.certificate);
			return true;
		}
		catch (SSLException ex) {
			return false;
		}
	}

	@Benchmark
	public boolean okHttp() {
		return OkHostnameVerifier.INSTANCE.verify(this.name, this.certificate);
	}

	static X509Certificate certificateWithTenAltNames() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair keys = generator.generateKeyPair();
		GeneralName[] names = new GeneralName[10];
		for (int i = 0; i < names.length; i++) {
			names[i] = new GeneralName(GeneralName.dNSName, "www" + i + ".example.org");
		}
		X500Name subject = new X500Name("CN=www0.example.org,O=benchmark");
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
				keys.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
	}

}
