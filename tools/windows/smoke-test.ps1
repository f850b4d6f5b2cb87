<#
.SYNOPSIS
  Smoke test of the agent as a Windows service, against a console on this machine.

.DESCRIPTION
  Run from the repository root after `mvn -B -pl console,agent -am -DskipTests package`, as an
  administrator (it installs a service). It starts a console on loopback (SQLite, self-signed TLS),
  signs in with the first-run password from <data>\first-run-password.txt, makes an enrollment
  token, enrolls an agent, installs `mamori agent service` (New-Service: java.exe -Xrs …), starts it,
  writes a file to a folder, and polls the console's event API until the agent's AGENT_STARTED
  event is there; then stops the service and waits for AGENT_STOPPED, which proves the STOP control
  took the agent's own stop path. With -ExpectFileEvent it also waits for a FILE_WRITTEN event of
  that file: leave it off until the agent watches folders on Windows (it does not yet).

  Written on Linux for .github/workflows/windows.yml; it has not been run on Windows by its author.
#>
param(
  [string]$Work = (Join-Path $env:RUNNER_TEMP 'mamori-smoke'),
  [int]$TimeoutSeconds = 180,
  [switch]$ExpectFileEvent
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Java = Join-Path $env:JAVA_HOME 'bin\java.exe'
$ServiceName = 'MamoriAgent'
$ConsoleJar = Join-Path $Root 'console\target\mamori-console.jar'
$AgentJar = Join-Path $Root 'agent\target\mamori-agent.jar'
foreach ($file in @($Java, $ConsoleJar, $AgentJar)) {
  if (-not (Test-Path $file)) { throw "missing ${file}: build first (mvn -B -pl console,agent -am -DskipTests package)" }
}
$AgentClassPath = "$AgentJar;$(Join-Path $Root 'agent\target\agent-lib')\*"

function Wait-Until([string]$What, [scriptblock]$Condition) {
  $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
  while ((Get-Date) -lt $deadline) {
    $result = & $Condition
    if ($result) { Write-Host "ok: $What"; return $result }
    Start-Sleep -Seconds 2
  }
  throw "timed out after $TimeoutSeconds s waiting until $What"
}

if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
$ConsoleData = New-Item -ItemType Directory -Force (Join-Path $Work 'console')
$AgentState = New-Item -ItemType Directory -Force (Join-Path $Work 'agent')
$Watched = New-Item -ItemType Directory -Force (Join-Path $Work 'watched')
$ConsoleOut = Join-Path $Work 'console.out'
$ConsoleErr = Join-Path $Work 'console.err'

# --- the console, as ./mamori demo starts it (Demo.ConsoleProcess)
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start(); $Port = $listener.LocalEndpoint.Port; $listener.Stop()
$env:MAMORI_LANG = 'en'   # the lines read below are the English ones
$console = Start-Process -FilePath $Java -PassThru -NoNewWindow -RedirectStandardOutput $ConsoleOut -RedirectStandardError $ConsoleErr `
  -ArgumentList @('-cp', "`"$ConsoleJar;$(Join-Path $Root 'console\target\lib')\*`"", 'io.mamori.console.ConsoleApplication',
                  '--data-dir', "`"$ConsoleData`"", '--port', "$Port")
try {
  $url = Wait-Until 'the console is running' {
    if (Test-Path $ConsoleOut) {
      $line = Select-String -Path $ConsoleOut -Pattern '^Mamori console is running at (\S+)' | Select-Object -First 1
      if ($line) { $line.Matches[0].Groups[1].Value }
    }
  }
  $Fingerprint = (Select-String -Path $ConsoleOut -Pattern 'TLS certificate SHA-256.*: ([0-9a-fA-F:]+)\s*$' |
    Select-Object -First 1).Matches[0].Groups[1].Value
  $PasswordFile = Join-Path $ConsoleData 'first-run-password.txt'
  $OneTime = (Get-Content -Raw $PasswordFile).Trim()
  $Base = $url.TrimEnd('/')

  # --- the administrator: first sign-in, new password, an enrollment token (session cookie + CSRF header)
  $web = New-Object Microsoft.PowerShell.Commands.WebRequestSession
  function Invoke-Admin([string]$Method, [string]$Path, $Body) {
    $headers = @{}
    if ($script:Csrf) { $headers['X-CSRF-Token'] = $script:Csrf }
    $arguments = @{ Method = $Method; Uri = "$Base$Path"; WebSession = $web; SkipCertificateCheck = $true; Headers = $headers }
    if ($null -ne $Body) { $arguments['Body'] = ($Body | ConvertTo-Json -Compress); $arguments['ContentType'] = 'application/json' }
    $answer = Invoke-RestMethod @arguments
    if ($answer -and ($answer.PSObject.Properties.Name -contains 'csrfToken') -and $answer.csrfToken) { $script:Csrf = $answer.csrfToken }
    return $answer
  }
  $script:Csrf = $null
  $NewPassword = 'Smoke-' + [guid]::NewGuid().ToString('N')
  $signedIn = Invoke-Admin POST '/api/admin/session' @{ username = 'admin'; password = $OneTime }
  if ($signedIn.stage -ne 'PASSWORD_CHANGE') { throw "the console did not ask for a new password (stage $($signedIn.stage))" }
  Invoke-Admin POST '/api/admin/me/password' @{ currentPassword = $OneTime; newPassword = $NewPassword } | Out-Null
  $Token = (Invoke-Admin POST '/api/admin/enrollment-tokens' @{ description = 'windows smoke test'; groupId = 'default'; maxUses = 1; validForHours = 1 }).token

  # --- enroll, as the administrator running this script (the service runs as LocalSystem and reads the same state folder)
  $TokenFile = Join-Path $Work 'token.txt'
  Set-Content -NoNewline -Path $TokenFile -Value $Token
  & $Java -cp $AgentClassPath io.mamori.agent.cli.AgentCommand enroll --state-dir "$AgentState" --console "$url" `
    --token-file "$TokenFile" --fingerprint $Fingerprint --hostname 'windows-smoke'
  if ($LASTEXITCODE -ne 0) { throw "enrollment failed with exit code $LASTEXITCODE" }
  Remove-Item $TokenFile
  $AgentId = (Get-Content -Raw (Join-Path $AgentState 'identity.json') | ConvertFrom-Json).agentId

  # --- the service: java.exe with -Xrs (docs/windows-service.md), started by the service control manager.
  # New-Service rather than sc.exe create: the same registration, without native-argument quoting of binPath.
  $binPath = "`"$Java`" -Xrs -Xmx256m -cp `"$AgentClassPath`" io.mamori.agent.cli.AgentCommand service --state-dir `"$AgentState`""
  New-Service -Name $ServiceName -BinaryPathName $binPath -StartupType Manual -DisplayName 'Mamori agent (smoke test)' | Out-Null
  & sc.exe qc $ServiceName | Write-Host
  Start-Service -Name $ServiceName
  Wait-Until 'the service is RUNNING' { (Get-Service $ServiceName).Status -eq 'Running' } | Out-Null

  $note = Join-Path $Watched 'smoke-note.txt'
  Set-Content -Path $note -Value 'Mamori Windows smoke test'

  function Find-Event([string]$Kind) {
    $page = Invoke-Admin GET "/api/admin/events?agentId=$AgentId&kind=$Kind&limit=50" $null
    return @($page.items) | Where-Object { $_.kind -eq $Kind } | Select-Object -First 1
  }
  Wait-Until 'the console has the agent''s AGENT_STARTED event' { Find-Event 'AGENT_STARTED' } | Out-Null
  if ($ExpectFileEvent) {
    Wait-Until 'the console has a FILE_WRITTEN event for the file' {
      @((Invoke-Admin GET "/api/admin/events?agentId=$AgentId&kind=FILE_WRITTEN&limit=50" $null).items) |
        Where-Object { $_.filePath -like '*smoke-note.txt' } | Select-Object -First 1
    } | Out-Null
  }

  Stop-Service -Name $ServiceName
  Wait-Until 'the service is STOPPED' { (Get-Service $ServiceName).Status -eq 'Stopped' } | Out-Null
  $exit = (& sc.exe query $ServiceName | Select-String 'WIN32_EXIT_CODE').ToString()
  Write-Host "after stop: $exit"
  Wait-Until 'the console has the agent''s AGENT_STOPPED event (sent on the stop path)' { Find-Event 'AGENT_STOPPED' } | Out-Null
  Write-Host 'smoke test passed'
}
finally {
  if (Get-Service $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -ErrorAction SilentlyContinue
    Remove-Service -Name $ServiceName
  }
  if ($console -and -not $console.HasExited) { Stop-Process -Id $console.Id -Force }
}
