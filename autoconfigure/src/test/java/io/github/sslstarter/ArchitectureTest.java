package io.github.sslstarter;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The library core is plain Java: the Spring layer only binds properties and registers beans.
 */
class ArchitectureTest {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.sslstarter");

	@Test
	void plainJavaPackagesImportNothingFromSpring() {
		noClasses().that()
			.resideInAnyPackage("..sslstarter.core..", "..sslstarter.verify..", "..sslstarter.spec..",
					"..sslstarter.session..", "..sslstarter.starttls..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void materialUsesOnlySpringBootsPemParser() {
		noClasses().that()
			.resideInAPackage("..sslstarter.material..")
			.should()
			.dependOnClassesThat(resideInAPackage("org.springframework..")
				.and(DescribedPredicate.not(resideInAPackage("org.springframework.boot.ssl.pem.."))))
			.check(classes);
	}

	@Test
	void plainJavaPackagesDoNotReachUpIntoTheSpringLayer() {
		noClasses().that()
			.resideInAnyPackage("..sslstarter.core..", "..sslstarter.material..", "..sslstarter.verify..",
					"..sslstarter.spec..", "..sslstarter.session..", "..sslstarter.starttls..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..sslstarter.autoconfigure..", "..sslstarter.actuate..")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void noTypeIsNamedLikeOneOfSpringBoots() {
		java.util.Set<String> boot = new java.util.HashSet<>();
		new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("org.springframework.boot")
			.stream()
			.filter((type) -> type.isTopLevelClass())
			.forEach((type) -> boot.add(type.getSimpleName()));
		java.util.List<String> clashes = classes.stream()
			.filter((type) -> type.isTopLevelClass() && boot.contains(type.getSimpleName()))
			.map((type) -> type.getName())
			.toList();
		org.assertj.core.api.Assertions.assertThat(boot).contains("SslAutoConfiguration", "SslProperties");
		org.assertj.core.api.Assertions.assertThat(clashes).isEmpty();
	}

	@Test
	void typesFollowThePrefixRule() {
		// Ssl: what is configured and built (settings, contexts, factories, connections); Tls: the
		// protocol's vocabulary and what is observed of it (failures, providers, metrics, health, peers)
		java.util.List<String> observed = classes.stream()
			.filter((type) -> type.isTopLevelClass() && type.getSimpleName().startsWith("Ssl"))
			.filter((type) -> type.getPackageName().endsWith(".actuate")
					|| type.getSimpleName().matches("Ssl(Failure|Provider|Metric|Health|Peer|Session).*"))
			.map((type) -> type.getName())
			.toList();
		org.assertj.core.api.Assertions.assertThat(observed).isEmpty();
	}

}
