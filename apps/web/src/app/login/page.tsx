import { LoginForm } from '../../auth/login-form';

export default function LoginPage() {
  return <LoginForm />;
}
