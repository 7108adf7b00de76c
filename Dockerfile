# The app as a container image: docker build -t delegations .
# Production settings come from environment variables (Database__ConnectionString, Mail__Smtp__Host, …; see
# appsettings.sample.json and docs-prod.md). The same image runs the one-off commands: `migrate`, `create-admin`.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so code changes reuse the package layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Delegations.Workflows/Delegations.Workflows.csproj src/Delegations.Workflows/
COPY src/Delegations.Web/Delegations.Web.csproj src/Delegations.Web/
RUN dotnet restore src/Delegations.Web/Delegations.Web.csproj
COPY .editorconfig ./
COPY src/ src/
COPY migrations/ migrations/
COPY workflows/ workflows/
RUN dotnet publish src/Delegations.Web/Delegations.Web.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# The ASP.NET Core runtime image has ICU (Vietnamese culture) and tzdata (Asia/Ho_Chi_Minh for working days).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS app
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# SQLite mode only: its database, keys and mail folder live here (mount a volume). PostgreSQL mode writes nothing.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "Delegations.Web.dll"]
