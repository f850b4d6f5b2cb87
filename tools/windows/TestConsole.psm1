<#
.SYNOPSIS
  A Mamori console on this machine for the Windows CI scripts (smoke-test.ps1, msi-test.ps1).

.DESCRIPTION
  Start-TestConsole starts the built console on loopback (SQLite, self-signed TLS), as ./mamori demo
  does (Demo.ConsoleProcess), and reads its URL and certificate fingerprint from what it prints.
  Connect-TestAdmin signs in with the first-run password, sets a new one and keeps the session and
  its CSRF token for Invoke-Admin. Written on Linux; it has not been run on Windows by its author.
#>
Set-StrictMode -Version Latest

function Wait-Until([string]$What, [int]$TimeoutSeconds, [scriptblock]$Condition) {
  $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
  while ((Get-Date) -lt $deadline) {
    $result = & $Condition
    if ($result) { Write-Host "ok: $What"; return $result }
    Start-Sleep -Seconds 2
  }
  throw "timed out after $TimeoutSeconds s waiting until $What"
}

function Start-TestConsole([string]$Root, [string]$Work, [int]$TimeoutSeconds = 180) {
  $java = Join-Path $env:JAVA_HOME 'bin\java.exe'
  $jar = Join-Path $Root 'console\target\mamori-console.jar'
  foreach ($file in @($java, $jar)) {
    if (-not (Test-Path $file)) { throw "missing ${file}: build first (mvn -B -pl console -am -DskipTests package)" }
  }
  $data = New-Item -ItemType Directory -Force (Join-Path $Work 'console')
  $out = Join-Path $Work 'console.out'
  $err = Join-Path $Work 'console.err'
  $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
  $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
  $env:MAMORI_LANG = 'en'   # the lines read below are the English ones
  $process = Start-Process -FilePath $java -PassThru -NoNewWindow -RedirectStandardOutput $out -RedirectStandardError $err `
    -ArgumentList @('-cp', "`"$jar;$(Join-Path $Root 'console\target\lib')\*`"", 'io.mamori.console.ConsoleApplication',
                    '--data-dir', "`"$data`"", '--port', "$port")
  $url = Wait-Until 'the console is running' $TimeoutSeconds {
    if (Test-Path $out) {
      $line = Select-String -Path $out -Pattern '^Mamori console is running at (\S+)' | Select-Object -First 1
      if ($line) { $line.Matches[0].Groups[1].Value }
    }
  }
  $fingerprint = (Select-String -Path $out -Pattern 'TLS certificate SHA-256.*: ([0-9a-fA-F:]+)\s*$' |
    Select-Object -First 1).Matches[0].Groups[1].Value
  return [pscustomobject]@{
    Process = $process; Url = $url; Base = $url.TrimEnd('/'); Fingerprint = $fingerprint; Data = "$data"
    Web = (New-Object Microsoft.PowerShell.Commands.WebRequestSession); Csrf = $null
  }
}

function Invoke-Admin($Console, [string]$Method, [string]$Path, $Body) {
  $headers = @{}
  if ($Console.Csrf) { $headers['X-CSRF-Token'] = $Console.Csrf }
  $arguments = @{ Method = $Method; Uri = "$($Console.Base)$Path"; WebSession = $Console.Web; SkipCertificateCheck = $true; Headers = $headers }
  if ($null -ne $Body) { $arguments['Body'] = ($Body | ConvertTo-Json -Compress); $arguments['ContentType'] = 'application/json' }
  $answer = Invoke-RestMethod @arguments
  if ($answer -and ($answer.PSObject.Properties.Name -contains 'csrfToken') -and $answer.csrfToken) { $Console.Csrf = $answer.csrfToken }
  return $answer
}

function Connect-TestAdmin($Console) {
  $oneTime = (Get-Content -Raw (Join-Path $Console.Data 'first-run-password.txt')).Trim()
  $newPassword = 'Ci-' + [guid]::NewGuid().ToString('N')
  $signedIn = Invoke-Admin $Console POST '/api/admin/session' @{ username = 'admin'; password = $oneTime }
  if ($signedIn.stage -ne 'PASSWORD_CHANGE') { throw "the console did not ask for a new password (stage $($signedIn.stage))" }
  Invoke-Admin $Console POST '/api/admin/me/password' @{ currentPassword = $oneTime; newPassword = $newPassword } | Out-Null
}

function New-EnrollmentToken($Console, [string]$Description) {
  return (Invoke-Admin $Console POST '/api/admin/enrollment-tokens' @{
    description = $Description; groupId = 'default'; maxUses = 1; validForHours = 1 }).token
}

function Find-AgentEvent($Console, [string]$AgentId, [string]$Kind) {
  $page = Invoke-Admin $Console GET "/api/admin/events?agentId=$AgentId&kind=$Kind&limit=50" $null
  return @($page.items) | Where-Object { $_.kind -eq $Kind }
}

Export-ModuleMember -Function Wait-Until, Start-TestConsole, Invoke-Admin, Connect-TestAdmin, New-EnrollmentToken, Find-AgentEvent
