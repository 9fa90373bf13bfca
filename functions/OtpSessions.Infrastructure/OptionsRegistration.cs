namespace OtpSessions.Infrastructure;

/// <summary>How a module registers its settings: bound from one configuration section and validated when the app starts.</summary>
public static class OptionsRegistration
{
    /// <summary>
    /// <typeparamref name="TOptions"/> bound from <paramref name="sectionName"/>, its data annotations (and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) checked on start, so a wrong setting stops the
    /// app instead of failing its first request.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();
}
