package org.healthportal.platform.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;

/**
 * The contract, with one change: schema validators are built once and reused.
 *
 * <p>vertx-openapi 5.0 asks the schema repository for a new validator for every parameter of every
 * request, and each new validator copies the repository's whole schema map. Profiling the near-me
 * search showed that copy as the largest single cost of a cached request. A validator only reads
 * that map once built, so sharing it between event loops is safe.
 *
 * <p>The cache is bounded ({@link #MAX_VALIDATORS}). Its keys are schema objects by identity, and the
 * contract's schemas are a fixed set, so it fills once and stays that size. Were a library version to
 * hand in a new schema object per request, an unbounded map would grow with every request; bounded,
 * such a change costs what the library costs without the cache, and shows in the benchmarks instead
 * of as a leak. See docs/vertx-workarounds.md.
 */
final class CachingContract implements OpenAPIContract {

  /**
   * At most this many validators are kept: several times the schemas the contract's parameters and
   * bodies have ({@code VertxWorkaroundsTest} checks they fill less than a quarter of it), so the
   * contract can grow for a long time before the bound matters, and the cache stays a few MB at most.
   */
  static final int MAX_VALIDATORS = 2_048;

  private final OpenAPIContract delegate;
  private final CachingRepository repository;

  CachingContract(OpenAPIContract delegate) {
    this.delegate = delegate;
    this.repository = new CachingRepository(delegate.getSchemaRepository());
  }

  @Override public Operation operation(String operationId) { return delegate.operation(operationId); }
  @Override public List<Operation> operations() { return delegate.operations(); }
  @Override public List<Path> getPaths() { return delegate.getPaths(); }
  @Override public JsonObject getRawContract() { return delegate.getRawContract(); }
  @Override public OpenAPIVersion getVersion() { return delegate.getVersion(); }
  @Override public SchemaRepository getSchemaRepository() { return repository; }

  /** How many validators are kept now (for tests). */
  long cachedValidators() {
    repository.validators.cleanUp();
    return repository.validators.estimatedSize();
  }
  @Override public List<Server> getServers() { return delegate.getServers(); }
  @Override public Path findPath(String urlPath) { return delegate.findPath(urlPath); }
  @Override public Operation findOperation(String urlPath, HttpMethod method) { return delegate.findOperation(urlPath, method); }
  @Override public List<SecurityRequirement> getSecurityRequirements() { return delegate.getSecurityRequirements(); }
  @Override public SecurityScheme securityScheme(String name) { return delegate.securityScheme(name); }

  /** Validators keyed by schema identity: the contract's schema objects never change. */
  private static final class CachingRepository implements SchemaRepository {

    private record Identity(JsonSchema schema) {
      @Override public boolean equals(Object o) { return o instanceof Identity other && other.schema == schema; }
      @Override public int hashCode() { return System.identityHashCode(schema); }
    }

    private final SchemaRepository delegate;
    private final Cache<Identity, Validator> validators = Caffeine.newBuilder().maximumSize(MAX_VALIDATORS).build();

    CachingRepository(SchemaRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      return validators.get(new Identity(schema), k -> delegate.validator(schema));
    }

    @Override public SchemaRepository dereference(JsonSchema schema) { return delegate.dereference(schema); }
    @Override public SchemaRepository dereference(String uri, JsonSchema schema) { return delegate.dereference(uri, schema); }
    @Override public SchemaRepository preloadMetaSchema(FileSystem fs) { return delegate.preloadMetaSchema(fs); }
    @Override public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) { return delegate.preloadMetaSchema(fs, draft); }
    @Override public Validator validator(String ref) { return delegate.validator(ref); }
    @Override public Validator validator(String ref, JsonSchemaOptions options) { return delegate.validator(ref, options); }
    @Override public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return delegate.validator(schema, options, dereference);
    }
    @Override public JsonObject resolve(JsonObject schema) { return delegate.resolve(schema); }
    @Override public JsonSchema find(String pointer) { return delegate.find(pointer); }
  }
}
