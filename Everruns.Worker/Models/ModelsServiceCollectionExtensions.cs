using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Everruns.Worker.Models;

public static class ModelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ModelsOptions"/>, <see cref="ModelCatalog"/> and <see cref="IModelClientFactory"/>.
    /// Reads and validates the configuration now, so that a bad setting stops start-up.
    /// </summary>
    public static IServiceCollection AddEverrunsModels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ModelsOptions.FromConfiguration(configuration));
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<ModelClientFactory>();
        services.AddSingleton<IModelClientFactory>(sp => sp.GetRequiredService<ModelClientFactory>());
        return services;
    }
}
